import { type EventData, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError } from '../errors';
import type { StreamHead } from '../event-store.port';
import type { EsdbConnection } from './esdb-connection';
import type { EsdbNaming } from './esdb-naming';

/**
 * EventStoreDB checks expected revisions per stream and nothing across streams: it has no unique
 * index over event ids and no place to record a command. The ledger keeps both in streams of its
 * own, one per key, guarded by the expected revision (the usual reservation pattern):
 *
 * (Names as EsdbNaming gives them, here without a namespace.)
 *
 * - `$ledger-command-<commandId>`: `claimed` {streamId, fromRevision} before the command appends,
 *   `released` after an append that definitely failed. The command's events carry its id, so
 *   whether it was applied is read from its stream, from `fromRevision` on (see EsdbAppender).
 * - `$ledger-event-<eventId>`: `reserved` {streamId, fromRevision, commandId} before the event is
 *   appended; `released` after an append that definitely failed. A reservation that stays is the
 *   event id's uniqueness record.
 * - `$ledger-heads`: after each append, the stream's new last revision and hash: the stream index
 *   that lets the verifier notice events deleted from a stream's end.
 *
 * `$`-prefixed streams and types are EventStoreDB's system namespace: readers of `$all` skip
 * them, and writing them needs the rights an operator account (or the `$systemStreamAcl`) gives.
 */

const CLAIMED = '$ledger-claimed';
const RELEASED = '$ledger-released';
const HEAD = '$ledger-head';
const RESERVATIONS_IN_FLIGHT = 64;

export interface Reservation {
  readonly state: 'claimed' | 'released';
  /** Revision of the reservation stream's last event: what the next writer must expect. */
  readonly revision: bigint;
  readonly streamId: string;
  readonly fromRevision: bigint;
  readonly commandId: string | undefined;
  readonly created: Date;
}

/** A reservation this process wrote and may release. */
export interface Held {
  readonly stream: string;
  readonly revision: bigint;
}

export interface ReservationOptions {
  /** After this long a reservation whose event never reached its stream may be taken over. */
  readonly leaseMs: number;
  readonly now: () => Date;
  /** Whether an event id is in a stream at or after a revision. */
  readonly isInStream: (streamId: string, eventId: string, fromRevision: bigint) => Promise<boolean>;
}

export class EsdbReservations {
  constructor(
    private readonly connection: EsdbConnection,
    private readonly naming: EsdbNaming,
    private readonly options: ReservationOptions,
  ) {}

  readCommand(commandId: string): Promise<Reservation | undefined> {
    return this.readLast(this.naming.command(commandId));
  }

  /** Claims a command for a stream; when another writer holds the claim, returns theirs. */
  async claimCommand(
    commandId: string,
    streamId: string,
    fromRevision: bigint,
    previous: Reservation | undefined,
  ): Promise<{ held: Held } | { theirs: Reservation }> {
    const stream = this.naming.command(commandId);
    let last = previous;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (last?.state === 'claimed') return { theirs: last };
      const held = await this.tryWrite(stream, claim(streamId, fromRevision, commandId), last?.revision);
      if (held) return { held };
      last = await this.readLast(stream);
    }
    if (last?.state === 'claimed') return { theirs: last };
    throw new Error(`could not claim command ${commandId}: its reservation stream keeps changing`);
  }

  /** Reserves every event id, or releases those it got and throws DuplicateEventIdError. */
  async reserveEventIds(
    eventIds: readonly string[],
    streamId: string,
    fromRevision: bigint,
    commandId: string | undefined,
  ): Promise<Held[]> {
    const outcomes: PromiseSettledResult<Held>[] = [];
    // A bounded number in flight: a 10,000-event batch must not open 10,000 writes at once.
    for (let start = 0; start < eventIds.length; start += RESERVATIONS_IN_FLIGHT) {
      const chunk = eventIds.slice(start, start + RESERVATIONS_IN_FLIGHT);
      outcomes.push(...(await Promise.allSettled(chunk.map((id) => this.reserveEventId(id, streamId, fromRevision, commandId)))));
      if (outcomes.some((o) => o.status === 'rejected')) break;
    }
    const held = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await this.release(held);
      throw failed.reason;
    }
    return held;
  }

  /** Best effort: a reservation left behind is resolved by the next writer of the same key. */
  async release(held: readonly Held[]): Promise<void> {
    await Promise.allSettled(
      held.map((h) => this.tryWrite(h.stream, { type: RELEASED, data: {} }, h.revision)),
    );
  }

  async recordHead(head: StreamHead, commandId: string | undefined): Promise<void> {
    const data = { streamId: head.streamId, revision: head.revision.toString(), hash: head.hash, ...(commandId === undefined ? {} : { commandId }) };
    await this.connection.append(this.naming.heads, [eventData(HEAD, data)], 'any');
  }

  /** The last revision and hash recorded for each stream, from the start of `$ledger-heads`. */
  async *heads(pageSize = 1000): AsyncIterable<StreamHead> {
    const heads = new Map<string, StreamHead>();
    let from = 0n;
    for (;;) {
      const page = await this.connection.readStream(this.naming.heads, { fromRevision: from, direction: 'forwards', maxCount: pageSize });
      if (page === 'not-found') break;
      for (const { event } of page) {
        const data = event?.data as { streamId?: string; revision?: string; hash?: string } | undefined;
        if (event?.type !== HEAD || !data?.streamId || !data.revision || !data.hash) continue;
        const revision = BigInt(data.revision);
        const known = heads.get(data.streamId);
        if (!known || known.revision < revision) heads.set(data.streamId, { streamId: data.streamId, revision, hash: data.hash });
      }
      if (page.length < pageSize) break;
      from = (page[page.length - 1].event?.revision ?? from) + 1n;
    }
    yield* heads.values();
  }

  private async reserveEventId(
    eventId: string,
    streamId: string,
    fromRevision: bigint,
    commandId: string | undefined,
  ): Promise<Held> {
    const stream = this.naming.eventId(eventId);
    const reservation = claim(streamId, fromRevision, commandId);
    let expected: bigint | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const held = await this.tryWrite(stream, reservation, expected);
      if (held) return held;
      const last = await this.readLast(stream);
      if (last?.state === 'claimed' && !(await this.mayTakeOver(last, eventId, streamId, commandId))) {
        throw new DuplicateEventIdError(eventId);
      }
      expected = last?.revision;
    }
    throw new DuplicateEventIdError(eventId);
  }

  /**
   * A reservation stays when its append succeeded (then the id is taken for good), and when the
   * writer died before it could append or release. The same command's later attempt on the same
   * stream may take its own reservation back; anyone else only once the lease ran out and the
   * event is not in the stream it was reserved for.
   */
  private async mayTakeOver(last: Reservation, eventId: string, streamId: string, commandId?: string): Promise<boolean> {
    if (commandId !== undefined && last.commandId === commandId && last.streamId === streamId) return true;
    const age = this.options.now().getTime() - last.created.getTime();
    if (age < this.options.leaseMs) return false;
    return !(await this.options.isInStream(last.streamId, eventId, last.fromRevision));
  }

  /** Appends one bookkeeping event expecting the given revision (undefined: no stream yet). */
  private async tryWrite(stream: string, event: { type: string; data: object }, expected: bigint | undefined): Promise<Held | undefined> {
    try {
      const result = await this.connection.append(stream, [eventData(event.type, event.data)], expected ?? 'no_stream');
      return { stream, revision: result.nextExpectedRevision };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw error;
    }
  }

  private async readLast(stream: string): Promise<Reservation | undefined> {
    const events = await this.connection.readStream(stream, { fromRevision: 'end', direction: 'backwards', maxCount: 1 });
    const event = events === 'not-found' ? undefined : events[0]?.event;
    if (!event) return undefined;
    const data = (event.data ?? {}) as { streamId?: string; fromRevision?: string; commandId?: string };
    return {
      state: event.type === CLAIMED ? 'claimed' : 'released',
      revision: event.revision,
      streamId: data.streamId ?? '',
      fromRevision: BigInt(data.fromRevision ?? '0'),
      commandId: data.commandId,
      created: event.created,
    };
  }
}

function claim(streamId: string, fromRevision: bigint, commandId: string | undefined): { type: string; data: object } {
  return { type: CLAIMED, data: { streamId, fromRevision: fromRevision.toString(), ...(commandId === undefined ? {} : { commandId }) } };
}

function eventData(type: string, data: object): EventData {
  return { id: randomUUID(), contentType: 'application/json', type, data, metadata: undefined } as EventData;
}
