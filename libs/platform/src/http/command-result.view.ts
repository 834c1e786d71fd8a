import type { EventMetadata, RecordedEvent, StreamRevision } from '@app/ledger/envelope';

/**
 * Revisions and positions are bigint in the ledger and JSON numbers on the wire. A ledger would
 * need 2^53 events before this throws; failing loudly beats rounding.
 */
export function toJsonNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${value} cannot be written as an exact JSON number`);
  }
  return Number(value);
}

/** An appended event as a client sees it: the full envelope with its hash chain link. */
export interface RecordedEventView {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly integrity: { readonly prevHash: string; readonly hash: string };
}

export function toRecordedEventView(event: RecordedEvent): RecordedEventView {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: toJsonNumber(event.revision),
    globalPosition: toJsonNumber(event.globalPosition),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    integrity: { prevHash: event.integrity.prevHash, hash: event.integrity.hash },
  };
}

/** null for a stream that does not exist yet. */
export function revisionJson(revision: StreamRevision | 'no-stream'): number | null {
  return revision === 'no-stream' ? null : toJsonNumber(revision);
}
