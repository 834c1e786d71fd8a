import type { Checkpoint } from '@app/ledger';
import type { ReadStoreTx } from '@app/projections';
import {
  EMPTY_TREE_HASH,
  type Hash,
  hashRanges,
  type NodeId,
  nodeKey,
  nodesFor,
  rootPlan,
} from '../merkle/merkle-tree';
import { type SignedTreeHead, TREE_HEAD_ALGORITHM } from '../merkle/tree-head';

/** Reads and writes of the integrity store's tables (see createIntegrityTables), on a statement or a transaction. */

/** Which event a leaf of the tree is. */
export interface LeafRecord {
  readonly leafIndex: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly globalPosition: bigint;
  readonly checkpoint: Checkpoint;
  /** The event's ledger hash as the log held it when notarised, 64 hex digits. */
  readonly eventHash: string;
}

/** How far the notary has come: the tree's size and the last log checkpoint it covers. */
export interface NotaryState {
  readonly treeSize: number;
  readonly checkpoint: Checkpoint;
}

export interface StoredNode {
  readonly node: NodeId;
  readonly hash: Hash;
}

/** A leaf by its event, its stream and revision, or its index. */
export type LeafTarget =
  | { readonly eventId: string }
  | { readonly streamId: string; readonly revision: bigint }
  | { readonly leafIndex: number };

// Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters.
const LEAF_ROWS_PER_INSERT = 100;
const NODE_ROWS_PER_INSERT = 300;

/** The state row; `lock` holds it until the transaction ends (PostgreSQL), so one notary appends at a time. */
export async function readNotaryState(tx: ReadStoreTx, lock = false): Promise<NotaryState> {
  // SQLite has no FOR UPDATE: its transactions begin IMMEDIATE, which already excludes other writers.
  const forUpdate = lock && tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await tx.get<{ tree_size: number | string; checkpoint: string }>(
    `SELECT tree_size, checkpoint FROM notary_state WHERE id = 1${forUpdate}`,
  );
  if (!row) throw new Error('the integrity store has no notary_state row: its tables were not created');
  return { treeSize: Number(row.tree_size), checkpoint: row.checkpoint };
}

export async function saveNotaryState(tx: ReadStoreTx, state: NotaryState, now: string): Promise<void> {
  await tx.run('UPDATE notary_state SET tree_size = ?, checkpoint = ?, updated_at = ? WHERE id = 1', [
    state.treeSize,
    state.checkpoint,
    now,
  ]);
}

export async function insertLeaves(tx: ReadStoreTx, leaves: readonly LeafRecord[]): Promise<void> {
  for (const rows of chunks(leaves, LEAF_ROWS_PER_INSERT)) {
    await tx.run(
      `INSERT INTO merkle_leaves (leaf_index, event_id, stream_id, revision, global_position, checkpoint, event_hash)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((leaf) => [
        leaf.leafIndex,
        leaf.eventId,
        leaf.streamId,
        leaf.revision.toString(),
        leaf.globalPosition.toString(),
        leaf.checkpoint,
        leaf.eventHash,
      ]),
    );
  }
}

/** Plain INSERTs: a node written twice is a leaf appended twice, and the primary key refuses it. */
export async function insertNodes(tx: ReadStoreTx, nodes: readonly StoredNode[]): Promise<void> {
  for (const rows of chunks(nodes, NODE_ROWS_PER_INSERT)) {
    await tx.run(
      `INSERT INTO merkle_nodes (level, node_index, hash) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`,
      rows.flatMap(({ node, hash }) => [node.level, node.index, hash]),
    );
  }
}

/** The hashes of the given complete subtrees, keyed by `nodeKey`, in one query; a missing node is an error. */
export async function readNodes(tx: ReadStoreTx, nodes: readonly NodeId[]): Promise<Map<string, Hash>> {
  const found = new Map<string, Hash>();
  if (nodes.length === 0) return found;
  type Row = { level: number; node_index: number | string; hash: Buffer };
  // One index probe per node on both stores. PostgreSQL gets the keys as two arrays joined to the
  // table: a row-value IN list of thousands of pairs becomes a BitmapOr whose recheck evaluates the
  // whole OR for every row it finds, quadratic in the number of nodes. SQLite takes a row-value IN
  // only over a subquery, which it probes through a temporary index.
  const rows =
    tx.dialect === 'postgres'
      ? await tx.all<Row>(
          'SELECT n.level, n.node_index, n.hash FROM unnest(?::int[], ?::bigint[]) AS k(level, node_index) ' +
            'JOIN merkle_nodes n ON n.level = k.level AND n.node_index = k.node_index',
          [nodes.map((node) => node.level), nodes.map((node) => String(node.index))],
        )
      : await tx.all<Row>(
          `SELECT level, node_index, hash FROM merkle_nodes WHERE (level, node_index) IN (VALUES ${nodes.map(() => '(?, ?)').join(', ')})`,
          nodes.flatMap((node) => [node.level, node.index]),
        );
  for (const row of rows) found.set(nodeKey({ level: Number(row.level), index: Number(row.node_index) }), Buffer.from(row.hash));
  const missing = nodes.find((node) => !found.has(nodeKey(node)));
  if (missing) throw new Error(`the integrity store has no Merkle node ${nodeKey(missing)}`);
  return found;
}

/** MTH of the first `size` leaves, from the O(log n) complete subtrees of the size's set bits. */
export async function readRoot(tx: ReadStoreTx, size: number): Promise<Hash> {
  if (size === 0) return EMPTY_TREE_HASH;
  const plan = rootPlan(size);
  return hashRanges(plan, await readNodes(tx, nodesFor(plan)))[0]!;
}

export async function insertTreeHead(tx: ReadStoreTx, head: SignedTreeHead): Promise<void> {
  await tx.run('INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)', [
    head.treeSize,
    head.rootHash,
    head.timestamp,
    head.keyId,
    head.signature,
  ]);
}

const HEAD_COLUMNS = 'tree_size, root_hash, signed_at, key_id, signature';

export async function readLatestTreeHead(tx: ReadStoreTx): Promise<SignedTreeHead | undefined> {
  const row = await tx.get<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM tree_heads ORDER BY tree_size DESC LIMIT 1`);
  return row && toTreeHead(row);
}

export async function readTreeHead(tx: ReadStoreTx, treeSize: number): Promise<SignedTreeHead | undefined> {
  const row = await tx.get<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM tree_heads WHERE tree_size = ?`, [treeSize]);
  return row && toTreeHead(row);
}

/** Signed heads of at least `fromSize` leaves, smallest first. */
export async function readTreeHeads(tx: ReadStoreTx, fromSize: number, limit: number): Promise<SignedTreeHead[]> {
  const rows = await tx.all<HeadRow>(
    `SELECT ${HEAD_COLUMNS} FROM tree_heads WHERE tree_size >= ? ORDER BY tree_size LIMIT ?`,
    [fromSize, limit],
  );
  return rows.map(toTreeHead);
}

const LEAF_COLUMNS = 'leaf_index, event_id, stream_id, revision, global_position, checkpoint, event_hash';

export async function findLeaf(tx: ReadStoreTx, target: LeafTarget): Promise<LeafRecord | undefined> {
  let row: LeafRow | undefined;
  if ('eventId' in target) {
    row = await tx.get<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM merkle_leaves WHERE event_id = ?`, [target.eventId]);
  } else if ('streamId' in target) {
    row = await tx.get<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM merkle_leaves WHERE stream_id = ? AND revision = ?`, [
      target.streamId,
      target.revision.toString(),
    ]);
  } else {
    row = await tx.get<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM merkle_leaves WHERE leaf_index = ?`, [target.leafIndex]);
  }
  return row && toLeaf(row);
}

/** The notarised events of a stream, by revision. */
export async function readStreamLeaves(tx: ReadStoreTx, streamId: string): Promise<LeafRecord[]> {
  const rows = await tx.all<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM merkle_leaves WHERE stream_id = ? ORDER BY revision`, [
    streamId,
  ]);
  return rows.map(toLeaf);
}

interface HeadRow {
  readonly tree_size: number | string;
  readonly root_hash: string;
  readonly signed_at: string;
  readonly key_id: string;
  readonly signature: string;
}

interface LeafRow {
  readonly leaf_index: number | string;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number | string;
  readonly global_position: number | string;
  readonly checkpoint: string;
  readonly event_hash: string;
}

function toTreeHead(row: HeadRow): SignedTreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    timestamp: row.signed_at,
    algorithm: TREE_HEAD_ALGORITHM,
    keyId: row.key_id,
    signature: row.signature,
  };
}

function toLeaf(row: LeafRow): LeafRecord {
  return {
    leafIndex: Number(row.leaf_index),
    eventId: row.event_id,
    streamId: row.stream_id,
    // SQLite hands back numbers, PostgreSQL's BIGINT strings: both are exact below 2^53.
    revision: BigInt(row.revision),
    globalPosition: BigInt(row.global_position),
    checkpoint: row.checkpoint,
    eventHash: row.event_hash,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
