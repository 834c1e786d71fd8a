import type { RecordedEvent, StreamRevision } from './envelope';
import { LOG_START } from './envelope';
import type { EventStore, StreamHead } from './event-store.port';
import { GENESIS_HASH, hashEvent } from './hash-chain';

export type ChainBreakKind =
  | 'hash-mismatch'
  | 'prev-hash-mismatch'
  | 'revision-gap'
  | 'revision-order'
  | 'head-mismatch';

/** One broken link: where it is, and the hash that should be there against the one that is. */
export interface ChainBreak {
  readonly kind: ChainBreakKind;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly globalPosition: bigint | null;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: bigint;
  readonly streamsChecked: number;
  /** In log order; breaks[0] is the first broken link. */
  readonly breaks: readonly ChainBreak[];
  /** True when more breaks were found than maxBreaks lets the report hold. */
  readonly truncated: boolean;
}

export interface VerifyOptions {
  readonly onProgress?: (done: bigint, total: bigint) => void;
  readonly maxBreaks?: number;
  readonly pageSize?: number;
}

interface Link {
  readonly revision: StreamRevision;
  readonly hash: string;
}

/**
 * Walks the global log once, recomputing every event's hash and following each stream's chain,
 * then compares the store's stream index with where each chain ended (a deleted tail leaves the
 * index ahead of the log). After a break the walk goes on from the stored hash, so one edit is
 * reported once rather than for every later event of the stream.
 */
export async function verifyLedger(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  const maxBreaks = options.maxBreaks ?? 100;
  const breaks: ChainBreak[] = [];
  let truncated = false;
  const report = (found: ChainBreak | undefined): void => {
    if (!found) return;
    if (breaks.length < maxBreaks) breaks.push(found);
    else truncated = true;
  };

  const total = (await store.head()).eventCount;
  const links = new Map<string, Link>();
  let checked = 0n;
  let from = LOG_START;
  for (;;) {
    const page = await store.readAll({ from, maxCount: options.pageSize ?? 1000 });
    for (const event of page.events) {
      const previous = links.get(event.streamId);
      report(checkEvent(event, previous));
      links.set(event.streamId, { revision: event.revision, hash: event.integrity.hash });
      checked++;
    }
    from = page.next;
    options.onProgress?.(checked, total > checked ? total : checked);
    if (page.isEnd) break;
  }

  for await (const head of store.streamHeads()) {
    report(await checkHead(store, head, links.get(head.streamId)));
  }

  return { ok: breaks.length === 0, eventsChecked: checked, streamsChecked: links.size, breaks, truncated };
}

function checkEvent(event: RecordedEvent, previous: Link | undefined): ChainBreak | undefined {
  const at = { streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition };
  const where = `stream ${event.streamId} revision ${event.revision} (global position ${event.globalPosition})`;
  const computed = hashEvent({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    prevHash: event.integrity.prevHash,
  });
  if (computed !== event.integrity.hash) {
    return {
      kind: 'hash-mismatch',
      ...at,
      expected: computed,
      found: event.integrity.hash,
      message: `${where}: the content does not match its hash (altered after it was recorded)`,
    };
  }
  const expectedRevision = previous ? previous.revision + 1n : 0n;
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (event.revision > expectedRevision) {
    const missing =
      event.revision - expectedRevision === 1n
        ? `revision ${expectedRevision} is missing`
        : `revisions ${expectedRevision}..${event.revision - 1n} are missing`;
    return {
      kind: 'revision-gap',
      ...at,
      expected: expectedPrev,
      found: event.integrity.prevHash,
      message: `${where}: ${missing}; this event links to a hash that is not in the ledger`,
    };
  }
  if (event.revision < expectedRevision) {
    return {
      kind: 'revision-order',
      ...at,
      expected: expectedPrev,
      found: event.integrity.prevHash,
      message: `${where}: comes after revision ${expectedRevision - 1n} in the log (reordered or duplicated)`,
    };
  }
  if (event.integrity.prevHash !== expectedPrev) {
    return {
      kind: 'prev-hash-mismatch',
      ...at,
      expected: expectedPrev,
      found: event.integrity.prevHash,
      message: `${where}: does not link to the previous event of its stream`,
    };
  }
  return undefined;
}

async function checkHead(store: EventStore, head: StreamHead, walked: Link | undefined): Promise<ChainBreak | undefined> {
  if (walked && walked.revision === head.revision && walked.hash === head.hash) return undefined;
  if (!walked || walked.revision < head.revision) {
    // An append that landed after the walk passed by is not a break: the stream really has it.
    const [last] = await store.readStream(head.streamId, { direction: 'backwards', maxCount: 1 }).catch(() => []);
    if (last && last.revision === head.revision && last.integrity.hash === head.hash) return undefined;
  }
  const ended = walked ? `revision ${walked.revision}` : 'no event';
  return {
    kind: 'head-mismatch',
    streamId: head.streamId,
    revision: head.revision,
    globalPosition: null,
    expected: head.hash,
    found: walked?.hash ?? '',
    message: `stream ${head.streamId}: the stream index records revision ${head.revision} but the log holds ${ended} (events deleted from its end)`,
  };
}
