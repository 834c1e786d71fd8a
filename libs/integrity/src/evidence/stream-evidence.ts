import type { EventStore, RecordedEvent } from '@app/ledger';
import { DomainError } from '@app/ledger/domain';
import type { ReadStoreTx } from '@app/projections';
import { assembleBundle, type EvidenceBundle, toBundleEvent } from '../bundle/evidence-bundle';
import { hashRanges, inclusionProofPlan, type LeafRange, nodesFor } from '../merkle/merkle-tree';
import type { SignedTreeHead } from '../merkle/tree-head';
import { readLatestTreeHead, readNodes, readStreamLeaves } from '../notary/merkle-tables';

export interface StreamEvidenceInput {
  readonly store: EventStore;
  /** The integrity store (Merkle nodes, leaves, signed heads). */
  readonly integrity: ReadStoreTx;
  readonly streamId: string;
  readonly generatedAt: Date;
}

/**
 * The evidence bundle of a stream: every event it holds now, each with its inclusion proof against
 * the latest signed tree head, which must cover the stream's last event (otherwise a `not-yet-signed`
 * conflict: a head covering it is signed within the configured interval). The proofs of all events
 * are made from one read of the complete subtrees they need. The revisions declared are the
 * stream's whole range as the store holds it, so a verifier notices any event left out.
 */
export async function buildStreamEvidence(input: StreamEvidenceInput): Promise<EvidenceBundle> {
  const { store, integrity, streamId } = input;
  const events = await store.readStream(streamId);
  const treeHead = await readLatestTreeHead(integrity);
  const last = events[events.length - 1]!;
  const leaves = new Map((await readStreamLeaves(integrity, streamId)).map((leaf) => [leaf.revision, leaf]));
  const lastLeaf = leaves.get(last.revision);
  if (!treeHead || !lastLeaf || lastLeaf.leafIndex >= treeHead.treeSize) {
    throw notYetSigned(streamId, last, treeHead);
  }
  const plans = events.map((event) => {
    const leaf = leaves.get(event.revision);
    if (!leaf) {
      // Notarised in log order: a later event of the stream is in, so this one must be too.
      throw DomainError.conflict('leaf-missing', `revision ${event.revision} of ${streamId} has no leaf in the Merkle log`, {
        streamId,
        revision: event.revision.toString(),
      });
    }
    return { event, leafIndex: leaf.leafIndex, path: inclusionProofPlan(leaf.leafIndex, treeHead.treeSize) };
  });
  const allRanges: LeafRange[] = plans.flatMap((plan) => plan.path);
  const nodes = await readNodes(integrity, nodesFor(allRanges));
  const bundleEvents = plans.map(({ event, leafIndex, path }) =>
    toBundleEvent(event, { leafIndex, auditPath: hashRanges(path, nodes).map((hash) => hash.toString('hex')) }),
  );
  return assembleBundle({
    streamId,
    treeHead,
    events: bundleEvents,
    generatedAt: input.generatedAt.toISOString(),
    declaredRevisions: { first: events[0]!.revision, last: last.revision },
  });
}

function notYetSigned(streamId: string, last: RecordedEvent, head: SignedTreeHead | undefined): DomainError {
  return DomainError.conflict(
    'not-yet-signed',
    `the last event of ${streamId} (revision ${last.revision}) is not yet covered by a signed tree head` +
      `${head ? ` (the latest has ${head.treeSize} leaves)` : ''}; ask again shortly`,
    { streamId, revision: last.revision.toString(), signedTreeSize: head?.treeSize ?? 0 },
  );
}
