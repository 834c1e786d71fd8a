import type { RecordedEvent } from '@app/ledger';
import { type RecordedEventView, toJsonNumber, toRecordedEventView } from '@app/platform/http/command-result.view';

export interface StreamPageView {
  readonly streamId: string;
  readonly direction: 'forwards' | 'backwards';
  readonly events: readonly RecordedEventView[];
  /** fromRevision for the next page in the same direction, or null when this page reached the end. */
  readonly nextFromRevision: number | null;
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
  return { streamId, direction, events: events.map(toRecordedEventView), nextFromRevision };
}
