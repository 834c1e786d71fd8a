import { type EventStore, LOG_START, type RecordedEvent } from '@app/ledger';
import type { ReadStoreTx } from '@app/projections';
import { eventLeafHash, MerkleFrontier, verifyConsistency } from '../merkle/merkle-tree';
import { type SignedTreeHead, verifyTreeHead } from '../merkle/tree-head';

/** The event a check points at. */
export interface NamedEvent {
  readonly leafIndex: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: string;
  readonly globalPosition: string;
  /** What the notary recorded at that leaf, when it differs from what the log holds there now. */
  readonly notarised?: { readonly eventId: string; readonly streamId: string; readonly revision: string; readonly eventHash: string };
}

export type HeadCheck =
  | { readonly ok: true; readonly head: SignedTreeHead }
  | {
      readonly ok: false;
      readonly head: SignedTreeHead;
      readonly reason: string;
      /** The first event whose hash differs from the one notarised, when the notary's leaves tell. */
      readonly event?: NamedEvent;
    };

const PAGE = 2_000;

/**
 * Recomputes, from the log itself, the Merkle root of every size in `heads` (one pass over the log
 * in order) and compares it with each signed head, after checking each signature with the public
 * key. Where a root differs, the leaves the notary recorded name the first event whose hash is no
 * longer the one notarised (an edit after notarisation, a deleted or inserted event). A log shorter
 * than a head is a truncation.
 */
export async function checkLogAgainstHeads(input: {
  readonly store: EventStore;
  readonly integrity?: ReadStoreTx;
  readonly heads: readonly SignedTreeHead[];
  readonly publicKeyPem: string;
  readonly onProgress?: (done: number, total: number) => void;
}): Promise<HeadCheck[]> {
  const results = new Map<SignedTreeHead, HeadCheck>();
  const pending: SignedTreeHead[] = [];
  for (const head of input.heads) {
    const signature = verifyTreeHead(head, input.publicKeyPem);
    if (!signature.ok) results.set(head, { ok: false, head, reason: signature.reason });
    else pending.push(head);
  }
  pending.sort((a, b) => a.treeSize - b.treeSize);
  const largest = pending.at(-1)?.treeSize ?? 0;

  const tree = new MerkleFrontier();
  let firstDifference: NamedEvent | undefined;
  const settle = () => {
    while (pending.length > 0 && pending[0]!.treeSize === tree.size) {
      const head = pending.shift()!;
      const root = tree.root().toString('hex');
      results.set(
        head,
        root === head.rootHash
          ? { ok: true, head }
          : {
              ok: false,
              head,
              reason: `the log's first ${head.treeSize} events hash to root ${root}, the signed head says ${head.rootHash}`,
              ...(firstDifference ? { event: firstDifference } : {}),
            },
      );
    }
  };
  settle();
  for (let from = LOG_START; tree.size < largest; ) {
    const page = await input.store.readAll({ from, maxCount: Math.min(PAGE, largest - tree.size) });
    const notarised = input.integrity ? await leafHashes(input.integrity, tree.size, page.events.length) : undefined;
    for (const event of page.events) {
      if (!firstDifference && notarised) {
        const leaf = notarised.get(tree.size);
        if (leaf !== undefined && leaf.eventHash !== event.integrity.hash) firstDifference = { ...named(tree.size, event), notarised: leaf };
      }
      tree.append(eventLeafHash(event.integrity.hash));
      settle();
    }
    input.onProgress?.(tree.size, largest);
    if (page.isEnd || page.events.length === 0) break;
    from = page.next;
  }
  for (const head of pending) {
    results.set(head, {
      ok: false,
      head,
      reason: `the log holds ${tree.size} events, fewer than the ${head.treeSize} the signed head covers: events were removed`,
      ...(firstDifference ? { event: firstDifference } : {}),
    });
  }
  return input.heads.map((head) => results.get(head)!);
}

/**
 * Checks that the log as it stands extends a tree head kept earlier: the head's signature, then
 * (a) the consistency proof from the notary's tree between the kept head and the latest signed
 * one, and (b) the roots recomputed from the log itself at both sizes.
 */
export async function checkConsistencyWithKeptHead(input: {
  readonly store: EventStore;
  readonly integrity?: ReadStoreTx;
  readonly kept: SignedTreeHead;
  readonly latest: SignedTreeHead;
  readonly proof: readonly string[] | undefined;
  readonly publicKeyPem: string;
}): Promise<{ readonly ok: boolean; readonly lines: readonly string[]; readonly event?: NamedEvent }> {
  const { kept, latest } = input;
  const lines: string[] = [];
  let ok = true;
  if (kept.treeSize > latest.treeSize) {
    return { ok: false, lines: [`the kept head has ${kept.treeSize} leaves, more than the latest signed head's ${latest.treeSize}: the log was cut back`] };
  }
  if (input.proof) {
    const proofOk = verifyConsistency(
      kept.treeSize,
      latest.treeSize,
      Buffer.from(kept.rootHash, 'hex'),
      Buffer.from(latest.rootHash, 'hex'),
      input.proof.map((hash) => Buffer.from(hash, 'hex')),
    );
    ok &&= proofOk;
    lines.push(
      proofOk
        ? `consistency proof ${kept.treeSize} → ${latest.treeSize}: verifies (${input.proof.length} hashes)`
        : `consistency proof ${kept.treeSize} → ${latest.treeSize}: does NOT verify — the signed tree no longer extends the kept head`,
    );
  }
  const [keptCheck, latestCheck] = await checkLogAgainstHeads({
    store: input.store,
    integrity: input.integrity,
    heads: [kept, latest],
    publicKeyPem: input.publicKeyPem,
  });
  let event: NamedEvent | undefined;
  for (const [label, check] of [['kept head', keptCheck!], ['latest head', latestCheck!]] as const) {
    ok &&= check.ok;
    lines.push(check.ok ? `${label} (size ${check.head.treeSize}): the log's root matches` : `${label} (size ${check.head.treeSize}): ${check.reason}`);
    if (!check.ok && check.event) event ??= check.event;
  }
  return { ok, lines, ...(event ? { event } : {}) };
}

function named(leafIndex: number, event: RecordedEvent): NamedEvent {
  return {
    leafIndex,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    globalPosition: event.globalPosition.toString(),
  };
}

type NotarisedLeaf = NonNullable<NamedEvent['notarised']>;

async function leafHashes(integrity: ReadStoreTx, from: number, count: number): Promise<Map<number, NotarisedLeaf>> {
  if (count === 0) return new Map();
  const rows = await integrity.all<{ leaf_index: number | string; event_id: string; stream_id: string; revision: number | string; event_hash: string }>(
    'SELECT leaf_index, event_id, stream_id, revision, event_hash FROM merkle_leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index',
    [from, from + count],
  );
  return new Map(
    rows.map((row) => [
      Number(row.leaf_index),
      { eventId: row.event_id, streamId: row.stream_id, revision: String(row.revision), eventHash: row.event_hash },
    ]),
  );
}
