import { DomainError } from '@app/ledger/domain';
import type { ReadStore } from '@app/projections';
import {
  consistencyProofPlan,
  EMPTY_TREE_HASH,
  hashRanges,
  inclusionProofPlan,
  type LeafRange,
  nodesFor,
  rootPlan,
} from '../merkle/merkle-tree';
import type { SignedTreeHead } from '../merkle/tree-head';
import {
  findLeaf,
  type LeafRecord,
  type LeafTarget,
  readLatestTreeHead,
  readNodes,
  readNotaryState,
  readStreamLeaves,
  readTreeHead,
  readTreeHeads,
} from './merkle-tables';
import type { TreeHeadPublicKey } from './tree-head-key-file';

/** RFC 9162 §2.1.3: leaf `leafIndex` is in the tree of `treeSize` leaves. Hashes are hex. */
export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  /** Sibling hashes from the leaf up, as verifyInclusion takes them. */
  readonly auditPath: readonly string[];
}

/** An inclusion proof with the event it is about and the root it leads to. */
export interface EventInclusionProof extends InclusionProof {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  /** The event's ledger hash: leafHash = SHA-256(0x00 ‖ eventHash). */
  readonly eventHash: string;
  /** The root at treeSize as this store computes it: compare it with a signed head, never trust it alone. */
  readonly rootHash: string;
}

/** Where the notary stands. */
export interface NotaryProgressView {
  readonly treeSize: number;
  readonly checkpoint: string;
  /** Size of the latest signed head; 0 before the first. */
  readonly signedTreeSize: number;
}

export interface TreeHeadPage {
  readonly treeHeads: readonly SignedTreeHead[];
  /** Pass as fromSize for the next page; null on the last. */
  readonly nextFromSize: number | null;
}

export const MAX_TREE_HEAD_PAGE = 1000;

/**
 * What the Merkle log answers: signed heads, roots, inclusion and consistency proofs, the public
 * key. Each proof reads its leaf row, the state row and then exactly the O(log n) complete
 * subtrees it needs, in one query. Refusals are DomainErrors naming the offending field.
 */
export class IntegrityLog {
  constructor(
    private readonly db: ReadStore,
    private readonly key: TreeHeadPublicKey,
  ) {}

  publicKey(): TreeHeadPublicKey {
    return this.key;
  }

  async progress(): Promise<NotaryProgressView> {
    const state = await readNotaryState(this.db);
    const latest = await readLatestTreeHead(this.db);
    return { treeSize: state.treeSize, checkpoint: state.checkpoint, signedTreeSize: latest?.treeSize ?? 0 };
  }

  async latestTreeHead(): Promise<SignedTreeHead> {
    const head = await readLatestTreeHead(this.db);
    if (!head) throw DomainError.notFound('no-tree-head', 'no tree head has been signed yet');
    return head;
  }

  async treeHead(size: number): Promise<SignedTreeHead> {
    assertCount('size', size);
    const head = await readTreeHead(this.db, size);
    if (!head) throw DomainError.notFound('tree-head-not-found', `no tree head of size ${size} was signed`, { treeSize: size });
    return head;
  }

  /** Signed heads of at least `fromSize` leaves, smallest first. */
  async treeHeads(page: { readonly fromSize?: number; readonly limit?: number } = {}): Promise<TreeHeadPage> {
    const { fromSize = 0, limit = 100 } = page;
    assertCount('fromSize', fromSize);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_TREE_HEAD_PAGE) {
      throw DomainError.invalid('limit', `limit must be a whole number from 1 to ${MAX_TREE_HEAD_PAGE}`);
    }
    const heads = await readTreeHeads(this.db, fromSize, limit + 1);
    const more = heads.length > limit;
    return { treeHeads: heads.slice(0, limit), nextFromSize: more ? heads[limit]!.treeSize : null };
  }

  /** MTH of the first `size` leaves, hex; any size up to the notarised tree's. */
  async rootAt(size: number): Promise<string> {
    await this.assertWithinTree('size', size);
    return (await this.hashes(rootPlan(size)))[0]?.toString('hex') ?? EMPTY_TREE_HASH.toString('hex');
  }

  /** Proves the event is in the tree of `treeSize` leaves; by default the latest signed head's. */
  async inclusionProof(target: LeafTarget, treeSize?: number): Promise<EventInclusionProof> {
    const leaf = await findLeaf(this.db, target);
    if (!leaf) {
      throw DomainError.notFound('leaf-not-found', `${describeTarget(target)} is not in the Merkle log (it may not be notarised yet)`, {
        ...targetDetails(target),
      });
    }
    let size: number;
    if (treeSize === undefined) {
      size = (await this.latestTreeHead()).treeSize;
      if (leaf.leafIndex >= size) {
        throw DomainError.conflict(
          'not-yet-signed',
          `${describeTarget(target)} is leaf ${leaf.leafIndex}, newer than the latest signed tree head (size ${size}); ` +
            'a head covering it is signed shortly',
          { leafIndex: leaf.leafIndex, treeSize: size },
        );
      }
    } else {
      await this.assertWithinTree('treeSize', treeSize);
      if (treeSize <= leaf.leafIndex) {
        throw DomainError.invalid('treeSize', `${describeTarget(target)} is leaf ${leaf.leafIndex}: treeSize must be at least ${leaf.leafIndex + 1}`);
      }
      size = treeSize;
    }
    const path = inclusionProofPlan(leaf.leafIndex, size);
    const leafRange = { start: leaf.leafIndex, end: leaf.leafIndex + 1 };
    const [leafHash, ...rest] = await this.hashes([leafRange, ...path, ...rootPlan(size)]);
    const rootHash = rest[rest.length - 1]!;
    return {
      leafIndex: leaf.leafIndex,
      treeSize: size,
      leafHash: leafHash!.toString('hex'),
      auditPath: rest.slice(0, path.length).map((hash) => hash.toString('hex')),
      eventId: leaf.eventId,
      streamId: leaf.streamId,
      revision: leaf.revision,
      eventHash: leaf.eventHash,
      rootHash: rootHash.toString('hex'),
    };
  }

  /** RFC 9162 §2.1.4: proves the tree of `to` leaves extends the tree of `from` leaves. Hex. */
  async consistencyProof(from: number, to: number): Promise<string[]> {
    assertCount('from', from);
    await this.assertWithinTree('to', to);
    if (from > to) throw DomainError.invalid('from', `from (${from}) must not exceed to (${to})`);
    return (await this.hashes(consistencyProofPlan(from, to))).map((hash) => hash.toString('hex'));
  }

  /** Each notarised event of the stream with its leaf index, by revision. */
  leavesOfStream(streamId: string): Promise<LeafRecord[]> {
    return readStreamLeaves(this.db, streamId);
  }

  /** The hashes of the ranges, from one read of the complete subtrees they are made of. */
  private async hashes(ranges: readonly LeafRange[]): Promise<Buffer[]> {
    if (ranges.length === 0) return [];
    const nodes = await readNodes(this.db, nodesFor(ranges));
    return hashRanges(ranges, nodes);
  }

  private async assertWithinTree(field: string, size: number): Promise<void> {
    assertCount(field, size);
    const { treeSize } = await readNotaryState(this.db);
    if (size > treeSize) {
      throw DomainError.invalid(field, `${field} ${size} is beyond the notarised tree, which has ${treeSize} leaves`, {
        notarisedTreeSize: treeSize,
      });
    }
  }
}

function assertCount(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw DomainError.invalid(field, `${field} must be a whole number of 0 or more`);
}

function describeTarget(target: LeafTarget): string {
  if ('eventId' in target) return `event ${target.eventId}`;
  if ('streamId' in target) return `revision ${target.revision} of stream ${target.streamId}`;
  return `leaf ${target.leafIndex}`;
}

function targetDetails(target: LeafTarget): Record<string, unknown> {
  return 'streamId' in target ? { streamId: target.streamId, revision: target.revision.toString() } : { ...target };
}
