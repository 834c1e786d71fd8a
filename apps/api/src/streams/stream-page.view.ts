import type { EventMetadata, RecordedEvent } from '@app/ledger';
import { toJsonNumber } from '../json-number';

/** The envelope of one event as clients see it; the checkpoint is the store's business. */
export interface EventView {
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

export interface StreamPageView {
  readonly streamId: string;
  readonly direction: 'forwards' | 'backwards';
  readonly events: readonly EventView[];
  /** fromRevision for the next page in the same direction, or null when this page reached the end. */
  readonly nextFromRevision: number | null;
}

export function toEventView(event: RecordedEvent): EventView {
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

export function toStreamPage(
  streamId: string,
  direction: 'forwards' | 'backwards',
  events: readonly RecordedEvent[],
  maxCount: number,
): StreamPageView {
  const last = events[events.length - 1];
  let nextFromRevision: number | null = null;
  if (last && events.length === maxCount) {
    const next = direction === 'forwards' ? last.revision + 1n : last.revision - 1n;
    nextFromRevision = next >= 0n ? toJsonNumber(next) : null;
  }
  return { streamId, direction, events: events.map(toEventView), nextFromRevision };
}
