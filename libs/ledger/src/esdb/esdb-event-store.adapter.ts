import { Observable, Subject } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../envelope';
import { LOG_START } from '../envelope';
import { StreamNotFoundError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LogHead,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { EsdbAppender, type StreamReader } from './esdb-appender';
import { EsdbConnection } from './esdb-connection';
import { EsdbLogHead } from './esdb-log-head';
import { EsdbNaming } from './esdb-naming';
import { GlobalPositions } from './esdb-positions';
import { type DecodedEvent, decodeEvent, fromCheckpoint, toCheckpoint } from './esdb-records';
import { EsdbReservations } from './esdb-reservations';
import { esdbSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** The client's connection string: `esdb://admin:changeit@host:2113?tls=true&tlsCAFile=...`. */
  readonly connectionString: string;
  /** Deadline of every call to the server, connecting included (default 10 s). */
  readonly deadlineMs?: number;
  /** When an event id reserved by a writer that never appended it may be used again (default 5 min). */
  readonly reservationLeaseMs?: number;
  /** The ledger's namespace on a server that holds several (see EsdbNaming); default none. */
  readonly namespace?: string;
  /** Reconnections in a row a subscription makes before it fails (default 20, about a minute). */
  readonly maxReconnects?: number;
  /** head() leaves a count others start from after counting this many events (default 10,000). */
  readonly countSnapshotEvery?: number;
  readonly now?: () => Date;
}

const PAGE = 500;

/**
 * The event store on an EventStoreDB / KurrentDB server (or cluster) through
 * @eventstore/db-client. Revisions are the server's; checkpoints are `$all` positions; the hash
 * chain, command ids and event-id uniqueness are the ledger's, kept as EsdbAppender and
 * EsdbReservations describe; global positions as GlobalPositions describes.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly positions: GlobalPositions;
  private readonly reservations: EsdbReservations;
  private readonly appender: EsdbAppender;
  private readonly closing$ = new Subject<void>();
  private readonly logHead: EsdbLogHead;
  private closed = false;

  private constructor(
    private readonly connection: EsdbConnection,
    private readonly naming: EsdbNaming,
    private readonly options: EsdbEventStoreOptions,
  ) {
    const streams: StreamReader = {
      last: async (streamId) => (await this.readDecoded(streamId, 'end', 'backwards', 1))[0],
      at: async (streamId, revision) => {
        const [event] = await this.readDecoded(streamId, revision, 'forwards', 1);
        return event?.event.revision === revision ? event : undefined;
      },
      scan: (streamId, fromRevision, stop) => this.scan(streamId, fromRevision, stop),
    };
    this.positions = new GlobalPositions(async (streamId, revision) => {
      const event = await streams.at(streamId, revision);
      return event && { position: event.position.commit, index: event.index };
    });
    this.reservations = new EsdbReservations(connection, naming, {
      leaseMs: options.reservationLeaseMs ?? 5 * 60_000,
      now: options.now ?? (() => new Date()),
      isInStream: async (streamId, eventId, from) =>
        (await this.scan(streamId, from, (e) => e.event.eventId === eventId)) !== undefined,
    });
    this.appender = new EsdbAppender(connection, naming, this.reservations, streams);
    this.logHead = new EsdbLogHead(connection, naming, (o) => this.readAll(o), options.countSnapshotEvery ?? 10_000);
  }

  /** Connects and reads once, so that an unreachable server or missing rights show at start-up. */
  static async open(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const naming = new EsdbNaming(options.namespace);
    const connection = new EsdbConnection({ connectionString: options.connectionString, deadlineMs: options.deadlineMs ?? 10_000 });
    try {
      await connection.readStream(naming.heads, { fromRevision: 'end', direction: 'backwards', maxCount: 1 });
    } catch (error) {
      await connection.close();
      throw error;
    }
    return new EsdbEventStore(connection, naming, options);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return this.appender.append(streamId, events, options);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const to = options.toRevision;
    const within = (revision: bigint) => to === undefined || (backwards ? revision >= to : revision <= to);
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let from: bigint | 'end' = options.fromRevision ?? (backwards ? 'end' : 0n);
    const events: DecodedEvent[] = [];
    for (let page = 0; remaining > 0; page++) {
      const size = Math.min(remaining, PAGE);
      const read = await this.connection.readStream(this.naming.stream(streamId), {
        fromRevision: from,
        direction: options.direction ?? 'forwards',
        maxCount: size,
      });
      if (read === 'not-found') throw new StreamNotFoundError(streamId);
      const decoded = read.flatMap((r) => decodeEvent(r, this.naming) ?? []).filter((e) => within(e.event.revision));
      events.push(...decoded.slice(0, remaining));
      remaining -= decoded.length;
      const last = read[read.length - 1]?.event?.revision;
      if (read.length < size || last === undefined || !within(last) || (backwards && last === 0n)) break;
      from = backwards ? last - 1n : last + 1n;
    }
    return this.positions.resolve(events);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const from = options.from ?? LOG_START;
    const maxCount = options.maxCount ?? 1000;
    let position = fromCheckpoint(from);
    let after = from;
    const decoded: DecodedEvent[] = [];
    let isEnd = false;
    while (decoded.length < maxCount) {
      // Reads from a position include the event at it: one more than needed.
      const size = Math.max(maxCount - decoded.length + 1, 64);
      const raw = await this.connection.readAll(position, size);
      for (const resolved of raw) {
        const event = decodeEvent(resolved, this.naming);
        if (event && event.event.checkpoint > after && decoded.length < maxCount) decoded.push(event);
      }
      const last = raw[raw.length - 1]?.event?.position;
      if (raw.length < size || !last) {
        isEnd = true;
        break;
      }
      position = last;
      after = toCheckpoint(last) > after ? toCheckpoint(last) : after;
    }
    const events = await this.positions.resolve(decoded);
    return { events, next: events.length > 0 ? events[events.length - 1].checkpoint : from, isEnd: isEnd && events.length < maxCount };
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return esdbSubscription(this.connection, this.positions, {
      from: options.from,
      maxReconnects: this.options.maxReconnects ?? 20,
      closing: this.closing$,
      naming: this.naming,
    });
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const claim = await this.reservations.readCommand(commandId);
    if (claim?.state !== 'claimed') return undefined;
    return this.appender.findApplied(claim.streamId, commandId, claim.fromRevision);
  }

  /**
   * The last revision and hash of each stream, from `$ledger-heads`, which every append updates:
   * events deleted from the end of a stream leave it ahead of the log.
   */
  streamHeads(): AsyncIterable<StreamHead> {
    return this.reservations.heads();
  }

  head(): Promise<LogHead> {
    return this.logHead.read();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing$.complete();
    await this.connection.close();
  }

  private async readDecoded(
    streamId: string,
    fromRevision: bigint | 'end',
    direction: 'forwards' | 'backwards',
    maxCount: number,
  ): Promise<DecodedEvent[]> {
    const read = await this.connection.readStream(this.naming.stream(streamId), { fromRevision, direction, maxCount });
    return read === 'not-found' ? [] : read.flatMap((r) => decodeEvent(r, this.naming) ?? []);
  }

  /** The first event from a revision on for which `stop` holds, reading page by page. */
  private async scan(
    streamId: string,
    fromRevision: bigint,
    stop: (event: DecodedEvent) => boolean,
  ): Promise<DecodedEvent | undefined> {
    for (let from = fromRevision; ; ) {
      const read = await this.connection.readStream(this.naming.stream(streamId), { fromRevision: from, direction: 'forwards', maxCount: 100 });
      if (read === 'not-found') return undefined;
      for (const resolved of read) {
        const event = decodeEvent(resolved, this.naming);
        if (event && stop(event)) return event;
      }
      const last = read[read.length - 1]?.event?.revision;
      if (read.length < 100 || last === undefined) return undefined;
      from = last + 1n;
    }
  }
}
