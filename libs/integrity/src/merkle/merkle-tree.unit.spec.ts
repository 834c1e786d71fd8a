import { createHash } from 'node:crypto';
import {
  consistencyProofPlan,
  EMPTY_TREE_HASH,
  type Hash,
  hashRanges,
  inclusionProofPlan,
  leafHash,
  MerkleFrontier,
  nodeHash,
  nodeKey,
  nodesFor,
  rootPlan,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';

/**
 * The reference: RFC 9162 §2.1 written out as recursion over the list of entries, with nothing
 * stored and nothing clever.
 */
const sha256 = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};
const largestPowerBelow = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(d: readonly Buffer[]): Hash {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Buffer.from([0]), d[0]!);
  const k = largestPowerBelow(d.length);
  return sha256(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: readonly Buffer[]): Hash[] {
  if (d.length === 1) return [];
  const k = largestPowerBelow(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: readonly Buffer[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = largestPowerBelow(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const N = 64;
const entries = Array.from({ length: N }, (_, i) => sha256(Buffer.from(`event ${i}`)));

/** The production path: complete subtrees stored as the frontier completes them, read by key. */
const stored = new Map<string, Hash>();
const frontier = new MerkleFrontier();
const rootsBySize: Hash[] = [EMPTY_TREE_HASH];
for (const entry of entries) {
  for (const { node, hash } of frontier.append(leafHash(entry))) stored.set(nodeKey(node), hash);
  rootsBySize.push(frontier.root());
}
const read = (ranges: ReturnType<typeof inclusionProofPlan>): Hash[] => {
  const needed = new Map(nodesFor(ranges).map((node) => [nodeKey(node), stored.get(nodeKey(node))!]));
  return hashRanges(ranges, needed);
};
const rootOf = (size: number): Hash => (size === 0 ? EMPTY_TREE_HASH : read(rootPlan(size))[0]!);

describe('RFC 9162 Merkle tree', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootOf(0).equals(mth([]))).toBe(true);
    expect(new MerkleFrontier().root().equals(EMPTY_TREE_HASH)).toBe(true);
  });

  it('separates leaves from nodes with the 0x00 and 0x01 prefixes', () => {
    const a = entries[0]!;
    const b = entries[1]!;
    expect(leafHash(a).equals(sha256(Buffer.from([0]), a))).toBe(true);
    expect(nodeHash(a, b).equals(sha256(Buffer.from([1]), a, b))).toBe(true);
    expect(leafHash(Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
  });

  it('gives every size from 1 to 64 the reference root, from the frontier and from stored nodes', () => {
    for (let n = 1; n <= N; n++) {
      const expected = mth(entries.slice(0, n));
      expect({ n, frontier: rootsBySize[n]!.toString('hex') }).toEqual({ n, frontier: expected.toString('hex') });
      expect({ n, stored: rootOf(n).toString('hex') }).toEqual({ n, stored: expected.toString('hex') });
    }
  });

  it('rebuilds a frontier from stored nodes that continues to the same roots', () => {
    for (const size of [0, 1, 5, 32, 37]) {
      const resumed = MerkleFrontier.of(size, (node) => stored.get(nodeKey(node))!);
      for (let i = size; i < N; i++) resumed.append(leafHash(entries[i]!));
      expect(resumed.root().equals(rootsBySize[N]!)).toBe(true);
    }
  });

  it('proves the inclusion of every leaf in every tree size up to 64 exactly as the reference does', () => {
    for (let n = 1; n <= N; n++) {
      const tree = entries.slice(0, n);
      for (let m = 0; m < n; m++) {
        const proof = read(inclusionProofPlan(m, n));
        const reference = path(m, tree);
        expect({ m, n, proof: proof.map((h) => h.toString('hex')) }).toEqual({ m, n, proof: reference.map((h) => h.toString('hex')) });
        expect(verifyInclusion(leafHash(tree[m]!), m, n, proof, rootsBySize[n]!)).toBe(true);
      }
    }
  });

  it('proves consistency between every pair of sizes 1 ≤ m ≤ n ≤ 64 exactly as the reference does', () => {
    for (let n = 1; n <= N; n++) {
      const tree = entries.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = read(consistencyProofPlan(m, n));
        const reference = m === n ? [] : subproof(m, tree, true);
        expect({ m, n, proof: proof.map((h) => h.toString('hex')) }).toEqual({ m, n, proof: reference.map((h) => h.toString('hex')) });
        expect({ m, n, ok: verifyConsistency(m, n, rootsBySize[m]!, rootsBySize[n]!, proof) }).toEqual({ m, n, ok: true });
      }
    }
  });

  it('refuses an inclusion proof for another leaf, another size, another root or a changed node', () => {
    for (let n = 2; n <= N; n++) {
      for (let m = 0; m < n; m++) {
        const proof = read(inclusionProofPlan(m, n));
        const leaf = leafHash(entries[m]!);
        const other = leafHash(entries[(m + 1) % n]!);
        expect(verifyInclusion(other, m, n, proof, rootsBySize[n]!)).toBe(false);
        expect(verifyInclusion(leaf, m, n, proof, rootsBySize[n - 1]!)).toBe(false);
        expect(verifyInclusion(leaf, m, n, proof.slice(1), rootsBySize[n]!)).toBe(false);
        const bent = proof.map((h, i) => (i === 0 ? nodeHash(h, h) : h));
        expect(verifyInclusion(leaf, m, n, bent, rootsBySize[n]!)).toBe(false);
        expect(verifyInclusion(leaf, n, n, proof, rootsBySize[n]!)).toBe(false);
      }
    }
  });

  it('refuses a consistency proof against a rewritten history', () => {
    // The same first m − 1 entries, then another m-th one: an operator who truncated and re-extended.
    for (let n = 2; n <= N; n++) {
      for (let m = 1; m < n; m++) {
        const proof = read(consistencyProofPlan(m, n));
        const forged = [...entries.slice(0, m - 1), sha256(Buffer.from('forged')), ...entries.slice(m, n)];
        expect(verifyConsistency(m, n, rootsBySize[m]!, mth(forged), proof)).toBe(false);
        expect(verifyConsistency(m, n, mth(forged.slice(0, m)), rootsBySize[n]!, proof)).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(m, n, rootsBySize[m]!, rootsBySize[n]!, proof.slice(0, -1))).toBe(false);
      }
    }
  });

  it('needs no more stored nodes for a proof than twice the height of the tree', () => {
    const size = 1_000_003;
    const height = Math.ceil(Math.log2(size));
    for (const m of [0, 1, 524_287, 999_999, size - 1]) expect(nodesFor(inclusionProofPlan(m, size)).length).toBeLessThanOrEqual(2 * height);
    for (const m of [1, 3, 65_537, 999_999]) expect(nodesFor(consistencyProofPlan(m, size)).length).toBeLessThanOrEqual(2 * height);
  });

  it('refuses impossible requests with a clear error', () => {
    expect(() => inclusionProofPlan(5, 5)).toThrow(/leaf index 5 is not in a tree of size 5/);
    expect(() => consistencyProofPlan(6, 5)).toThrow(/old size ≤ new size/);
  });
});
