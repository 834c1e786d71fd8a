import type { StreamRevision } from './envelope';
import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision } from './event-store.port';

/** Throws unless the stream's current revision (undefined: no stream) is what the caller expects. */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: StreamRevision | undefined,
): void {
  if (expected === 'any') return;
  if (expected === 'no-stream') {
    if (current !== undefined) throw new WrongExpectedRevisionError(streamId, expected, current);
    return;
  }
  if (typeof expected !== 'bigint' || expected < 0n) {
    throw new TypeError(`expected revision must be a non-negative bigint, 'no-stream' or 'any'`);
  }
  if (current !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no-stream');
  }
}
