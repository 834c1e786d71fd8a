import type { StreamRevision } from './envelope';
import type { ExpectedRevision } from './event-store.port';

/** Base of every error the ledger throws on purpose; `code` is stable, fields are structured. */
export abstract class LedgerError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class WrongExpectedRevisionError extends LedgerError {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no-stream' when it does not exist. */
    readonly actual: StreamRevision | 'no-stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends LedgerError {
  readonly code = 'stream-not-found';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
  }
}

export class InvalidEventError extends LedgerError {
  readonly code = 'invalid-event';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export class DuplicateEventIdError extends LedgerError {
  readonly code = 'duplicate-event-id';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already in the ledger`);
  }
}

/** The same command id was used again for another stream: a client bug, never a retry. */
export class CommandIdConflictError extends LedgerError {
  readonly code = 'command-id-conflict';
  constructor(
    readonly commandId: string,
    readonly streamId: string,
    readonly recordedStreamId: string,
  ) {
    super(`command ${commandId} was recorded for ${recordedStreamId}, not ${streamId}`);
  }
}

export class StoreUnavailableError extends LedgerError {
  readonly code = 'store-unavailable';
  constructor(
    readonly store: string,
    readonly reason: string,
  ) {
    super(`${store} is unavailable: ${reason}`);
  }
}
