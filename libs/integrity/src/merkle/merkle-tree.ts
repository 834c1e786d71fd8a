import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 over the ledger's event hashes in global order.
 *
 * Proofs are computed from *complete* subtrees only: the node at (level, index) is the hash of
 * leaves [index·2^level, (index+1)·2^level). Such a node never changes once its last leaf is in,
 * so it can be stored when it completes and read back by key; every range a proof needs splits
 * into O(log n) of them. The functions here say which nodes a proof needs (`…Plan`) and assemble
 * the proof from the nodes read (`hashRange`); the store only reads rows by key.
 */

export type Hash = Buffer;

/** A complete subtree: level 0 is a leaf. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Leaves [start, end) of the log. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export const HASH_BYTES = 32;

/** MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_TREE_HASH: Hash = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** MTH(D[n]) = SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The leaf of an event: its ledger hash (64 hex digits) as 32 bytes. */
export function eventLeafHash(eventHashHex: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(eventHashHex)) throw new RangeError(`an event hash is 64 lower-case hex digits (got ${JSON.stringify(eventHashHex)})`);
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The largest power of two smaller than n (n > 1): the split point k of RFC 9162. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`split point needs n > 1 (got ${n})`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that make up the leaves [start, end) as RFC 9162 splits them, left to
 * right. `start` must be where the tree's own split puts a subtree (a multiple of the largest power
 * of two not above end − start, which every range of a proof is).
 */
export function decompose(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let { start } = range;
  const { end } = range;
  if (!(start < end)) throw new RangeError(`empty leaf range [${start}, ${end})`);
  while (start < end) {
    const size = end - start;
    const whole = isPowerOfTwo(size) ? size : splitPoint(size);
    const level = Math.log2(whole);
    if (start % whole !== 0) throw new RangeError(`leaf range [${range.start}, ${range.end}) is not a subtree of the tree`);
    nodes.push({ level, index: start / whole });
    start += whole;
  }
  return nodes;
}

/** MTH of a range from its complete subtrees (as `decompose` lists them), folded right to left. */
export function foldSubtrees(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_TREE_HASH;
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size` (§2.1.3.1). */
export function inclusionProofPlan(index: number, size: number): LeafRange[] {
  assertSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
  const path: LeafRange[] = [];
  let start = 0;
  let end = size;
  let m = index;
  // PATH(m, D[n]) lists the sibling of the deepest node first.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/** The ranges whose hashes form the consistency proof between sizes m and n (§2.1.4.1). */
export function consistencyProofPlan(oldSize: number, newSize: number): LeafRange[] {
  assertSize(newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`a consistency proof needs 0 ≤ old size ≤ new size (got ${oldSize}, ${newSize})`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let wholeOldTree = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push({ start: start + k, end });
      end = start + k;
    } else {
      proof.push({ start, end: start + k });
      start += k;
      m -= k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) proof.push({ start, end });
  return proof.reverse();
}

/** Every complete subtree a list of ranges needs, without repeats. */
export function nodesFor(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) for (const node of decompose(range)) seen.set(nodeKey(node), node);
  return [...seen.values()];
}

export function nodeKey(node: NodeId): string {
  return `${node.level}:${node.index}`;
}

/** The hash of each range, from the complete subtrees read (keyed by `nodeKey`). */
export function hashRanges(ranges: readonly LeafRange[], nodes: ReadonlyMap<string, Hash>): Hash[] {
  return ranges.map((range) =>
    foldSubtrees(
      decompose(range).map((node) => {
        const hash = nodes.get(nodeKey(node));
        if (!hash) throw new Error(`the Merkle store has no node ${nodeKey(node)}`);
        return hash;
      }),
    ),
  );
}

/** The complete subtrees that make up a whole tree of `size` leaves (the set bits of size). */
export function rootPlan(size: number): LeafRange[] {
  assertSize(size);
  return size === 0 ? [] : [{ start: 0, end: size }];
}

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2): leaf `index` with hash `leaf` is in the tree
 * of `size` leaves whose root is `root`.
 */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** Verifies a consistency proof (RFC 9162 §2.1.4.2) between an old and a new tree head. */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0 && oldRoot.equals(EMPTY_TREE_HASH);
  if (proof.length === 0) return false;
  let path = [...proof];
  if (isPowerOfTwo(oldSize)) path = [oldRoot, ...path];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

/**
 * The right edge of the tree: the complete subtrees of the set bits of its size, largest first.
 * Appending a leaf completes the nodes `append` returns, which are all a store has to write; the
 * root of any size is the fold of its frontier.
 */
export class MerkleFrontier {
  private readonly stack: { node: NodeId; hash: Hash }[] = [];
  private count = 0;

  /** Rebuilds the frontier of a tree of `size` leaves from its stored complete subtrees. */
  static of(size: number, read: (node: NodeId) => Hash): MerkleFrontier {
    const frontier = new MerkleFrontier();
    if (size > 0) for (const node of decompose({ start: 0, end: size })) frontier.stack.push({ node, hash: read(node) });
    frontier.count = size;
    return frontier;
  }

  /** The subtrees a frontier of `size` leaves is made of, to read before `of`. */
  static nodesOf(size: number): NodeId[] {
    return size === 0 ? [] : decompose({ start: 0, end: size });
  }

  get size(): number {
    return this.count;
  }

  /** Adds a leaf hash; returns every node it completes, the leaf first. */
  append(leaf: Hash): { node: NodeId; hash: Hash }[] {
    let top = { node: { level: 0, index: this.count }, hash: leaf };
    const completed = [top];
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.node.level === top.node.level) {
      const left = this.stack.pop()!;
      top = { node: { level: top.node.level + 1, index: left.node.index / 2 }, hash: nodeHash(left.hash, top.hash) };
      completed.push(top);
    }
    this.stack.push(top);
    this.count += 1;
    return completed;
  }

  root(): Hash {
    return foldSubtrees(this.stack.map((entry) => entry.hash));
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function assertSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size must be a whole number ≥ 0 (got ${size})`);
}
