import { WrongExpectedVersionError } from '@eventstore/db-client';
import type { NewEvent } from '../envelope';
import {
  CommandIdConflictError,
  DuplicateEventIdError,
  InvalidEventError,
  LedgerError,
  WrongExpectedRevisionError,
} from '../errors';
import type { AppendOptions, AppendResult } from '../event-store.port';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH, sealEvents } from '../hash-chain';
import type { EsdbConnection } from './esdb-connection';
import type { EsdbNaming } from './esdb-naming';
import { type DecodedEvent, toCheckpoint, toEventData } from './esdb-records';
import type { EsdbReservations, Held, Reservation } from './esdb-reservations';

/** Reads of one stream the appender needs, decoded (see EsdbEventStore). */
export interface StreamReader {
  /** The stream's last event, or undefined when it has none. */
  last(streamId: string): Promise<DecodedEvent | undefined>;
  /** The event at a revision, or undefined. */
  at(streamId: string, revision: bigint): Promise<DecodedEvent | undefined>;
  /** The first event from a revision on for which `stop` holds, read page by page. */
  scan(streamId: string, fromRevision: bigint, stop: (event: DecodedEvent) => boolean): Promise<DecodedEvent | undefined>;
}

/** A command's result and its last event, as read from the stream. */
interface Outcome {
  readonly result: AppendResult;
  readonly last: DecodedEvent;
}

/** How often an append expecting 'any' re-reads the head when other writers keep moving it. */
const MAX_ANY_ATTEMPTS = 50;

/**
 * The append on EventStoreDB. Every append reads the stream's head and appends with exactly that
 * revision expected, whatever the caller expected: the head's hash is the new events' prevHash,
 * and the expected revision makes the server refuse the append if anyone moved the head since.
 *
 * A command id is claimed (EsdbReservations) before the append. The events carry it, so a retry
 * finds the first attempt's events in the stream, from the claim's revision on, and answers from
 * them. Two attempts racing on the same command both read the head and append with it expected:
 * one wins, the other is refused, looks again and finds the winner's events. A crash between
 * the steps leaves a claim whose events are either in the stream (the command happened) or not
 * (it did not, and the next attempt goes ahead).
 */
export class EsdbAppender {
  constructor(
    private readonly connection: EsdbConnection,
    private readonly naming: EsdbNaming,
    private readonly reservations: EsdbReservations,
    private readonly streams: StreamReader,
  ) {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validate(streamId, events);
    const { commandId } = options;
    // The command's claim and the stream's head are read together: one round trip, not two.
    let [claim, head] = await Promise.all([
      commandId === undefined ? undefined : this.reservations.readCommand(commandId),
      this.streams.last(streamId),
    ]);
    if (commandId !== undefined && claim?.state === 'claimed') {
      if (claim.streamId !== streamId) throw new CommandIdConflictError(commandId, streamId, claim.streamId);
      const applied = await this.applied(streamId, commandId, claim.fromRevision);
      if (applied) return this.replay(applied, commandId);
    }

    const held: Held[] = [];
    let reserved = false;
    try {
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1) head = await this.streams.last(streamId);
        const current = head?.event.revision;
        try {
          assertExpectedRevision(streamId, options.expectedRevision, current);
        } catch (error) {
          // The head may have moved because another attempt of this command just appended.
          const applied = commandId === undefined ? undefined : await this.appliedElsewhere(streamId, commandId, claim);
          if (applied) return this.replay(applied, commandId!);
          throw error;
        }
        const firstRevision = current === undefined ? 0n : current + 1n;
        const sealed = sealEvents(streamId, firstRevision, head?.event.integrity.hash || GENESIS_HASH, events);

        // The command's claim and the event ids' reservations, together.
        const [claimed, reservations] = await Promise.allSettled([
          commandId === undefined || claim?.state === 'claimed'
            ? undefined
            : this.reservations.claimCommand(commandId, streamId, firstRevision, claim),
          reserved ? [] : this.reservations.reserveEventIds(sealed.map((e) => e.eventId), streamId, firstRevision, commandId),
        ]);
        if (reservations.status === 'fulfilled') held.push(...reservations.value);
        reserved = true;
        if (claimed.status === 'rejected') throw claimed.reason;
        const outcome = claimed.value;
        if (outcome && 'held' in outcome) {
          held.push(outcome.held);
          claim = { state: 'claimed', revision: outcome.held.revision, streamId, fromRevision: firstRevision, commandId, created: new Date() };
        } else if (outcome) {
          claim = outcome.theirs;
          if (outcome.theirs.streamId !== streamId) throw new CommandIdConflictError(commandId!, streamId, outcome.theirs.streamId);
        }
        if (reservations.status === 'rejected') throw reservations.reason;

        const data = sealed.map((event, i) => toEventData(event, i, sealed.length, commandId));
        try {
          await this.connection.append(this.naming.stream(streamId), data, current === undefined ? 'no_stream' : current);
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          if (commandId !== undefined) {
            const applied = await this.appliedElsewhere(streamId, commandId, claim);
            if (applied) {
              // Another attempt of the same command won: our reservations were never used.
              await this.reservations.release(held.filter((h) => !this.naming.isCommandStream(h.stream)));
              return this.replay(applied, commandId);
            }
          }
          if (options.expectedRevision === 'any' && attempt < MAX_ANY_ATTEMPTS) continue;
          const actual = error.actualVersion;
          throw new WrongExpectedRevisionError(streamId, options.expectedRevision, typeof actual === 'bigint' ? actual : 'no-stream');
        }

        const last = sealed[sealed.length - 1];
        const [appended] = await Promise.all([
          this.result(streamId, firstRevision, sealed.length, false),
          this.reservations.recordHead({ streamId, revision: last.revision, hash: last.hash }, commandId),
        ]);
        return appended.result;
      }
    } catch (error) {
      // Only an append that certainly did not happen gives its reservations back; after a
      // timeout it may have, and the reservations must stand.
      if (error instanceof LedgerError && error.code !== 'store-unavailable') await this.reservations.release(held);
      throw error;
    }
  }

  private async appliedElsewhere(streamId: string, commandId: string, known: Reservation | undefined): Promise<Outcome | undefined> {
    const claim = known?.state === 'claimed' ? known : await this.reservations.readCommand(commandId);
    if (claim?.state !== 'claimed' || claim.streamId !== streamId) return undefined;
    return this.applied(streamId, commandId, claim.fromRevision);
  }

  /** The recorded result of a command, read from its events in the stream. */
  async findApplied(streamId: string, commandId: string, fromRevision: bigint): Promise<AppendResult | undefined> {
    return (await this.applied(streamId, commandId, fromRevision))?.result;
  }

  private async applied(streamId: string, commandId: string, fromRevision: bigint): Promise<Outcome | undefined> {
    const first = await this.streams.scan(streamId, fromRevision, (e) => e.commandId === commandId && e.index === 0);
    if (!first) return undefined;
    return this.result(streamId, first.event.revision, first.count, true, first);
  }

  /**
   * A command found applied by a later attempt: its head goes into the stream index again, in
   * case the first attempt died between its append and that entry (the index keeps the highest).
   */
  private async replay(outcome: Outcome, commandId: string): Promise<AppendResult> {
    const { streamId } = outcome.result;
    await this.reservations.recordHead({ streamId, revision: outcome.last.event.revision, hash: outcome.last.event.integrity.hash }, commandId);
    return outcome.result;
  }

  /** The result of an append of `count` events from `firstRevision`, positions read back. */
  private async result(
    streamId: string,
    firstRevision: bigint,
    count: number,
    replayed: boolean,
    knownFirst?: DecodedEvent,
  ): Promise<Outcome> {
    const lastRevision = firstRevision + BigInt(count - 1);
    // The append's answer carries one position whose meaning for several events differs between
    // server versions; the events themselves say exactly where they are.
    const [first, last] = await Promise.all([
      knownFirst ?? this.streams.at(streamId, firstRevision),
      count === 1 ? undefined : this.streams.at(streamId, lastRevision),
    ]);
    const lastEvent = last ?? first;
    if (!first || !lastEvent) throw new Error(`${streamId}@${firstRevision}: the appended events cannot be read back`);
    const firstPosition = first.position.commit;
    const result = {
      streamId,
      firstRevision,
      nextExpectedRevision: lastRevision,
      firstPosition,
      lastPosition: firstPosition + BigInt(count - 1),
      checkpoint: toCheckpoint(lastEvent.position),
      replayed,
    };
    return { result, last: lastEvent };
  }
}

function validate(streamId: string, events: readonly NewEvent[]): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidEventError('streamId', 'must be a non-empty string');
  }
  if (streamId.startsWith('$')) {
    throw new InvalidEventError('streamId', "must not start with '$', EventStoreDB's system namespace");
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('events', 'at least one event is required');
  }
  const seen = new Set<string>();
  events.forEach((event, i) => {
    if (typeof event?.type === 'string' && event.type.startsWith('$')) {
      throw new InvalidEventError(`events[${i}].type`, "must not start with '$', EventStoreDB's system namespace");
    }
    if (seen.has(event?.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event?.eventId);
  });
}
