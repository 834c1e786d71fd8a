import type { EventStore, RecordedEvent } from '@app/ledger';
import { FixedClock } from '@app/platform/clock';
import type { ReadStore } from '@app/projections';
import { randomUUID } from 'node:crypto';
import { newEvent, readWholeLog } from '../../ledger/test/fixtures';
import { eventLeafHash, generateTreeHeadKeyPair, IntegrityLog, MerkleFrontier, Notary, type NotaryOptions, TreeHeadSigner } from '../src';

/** An event store and integrity stores on one backend, as a test opens them. */
export interface NotaryHarness {
  readonly store: EventStore;
  /** A new connection to the shared integrity store, with its tables (another process would open its own). */
  openIntegrity(): Promise<ReadStore>;
  /**
   * A handle for a second notary working at the same time. PostgreSQL: another pool. SQLite: the
   * same connection, whose transactions queue; two connections in one process would wait on each
   * other's write lock synchronously, which two processes do not (BEGIN IMMEDIATE serialises them).
   */
  openConcurrentIntegrity(): Promise<ReadStore>;
  /** An integrity store of its own, empty: where an uninterrupted reference run goes. */
  openSeparateIntegrity(): Promise<ReadStore>;
  close(): Promise<void>;
}

export const SIGNER = new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem);
export const PUBLIC_KEY = { keyId: SIGNER.keyId, publicKeyPem: SIGNER.publicKeyPem };

/** 310 events over five streams, interleaved in the log, two to an append. */
export async function feed(store: EventStore): Promise<void> {
  for (let round = 0; round < 31; round++) {
    for (let s = 0; s < 5; s++) {
      await store.append(`case-${s}`, [newEvent('Recorded', { round }), newEvent('Recorded', { round })], {
        expectedRevision: 'any',
        commandId: randomUUID(),
      });
    }
  }
}

export function notary(
  store: EventStore,
  integrity: ReadStore,
  clock: FixedClock,
  options: Partial<NotaryOptions> = {},
): Notary {
  return new Notary({
    store,
    integrity,
    signer: SIGNER,
    clock,
    everyEvents: 50,
    everySeconds: 10,
    pollIntervalMs: 20,
    batchSize: 40,
    ...options,
  });
}

export function integrityLog(integrity: ReadStore): IntegrityLog {
  return new IntegrityLog(integrity, PUBLIC_KEY);
}

/** The root of every size of the log, computed in memory from its event hashes: the reference. */
export async function referenceRoots(store: EventStore): Promise<{ events: RecordedEvent[]; rootAt: (size: number) => string }> {
  const events = await readWholeLog(store);
  const frontier = new MerkleFrontier();
  const roots = [frontier.root().toString('hex')];
  for (const event of events) {
    frontier.append(eventLeafHash(event.integrity.hash));
    roots.push(frontier.root().toString('hex'));
  }
  return { events, rootAt: (size) => roots[size]! };
}

/** Everything the notary stores, in a form two backends and two runs compare equal on. */
export async function dumpTree(integrity: ReadStore) {
  const nodes = await integrity.all<{ level: number; node_index: number | string; hash: Buffer }>(
    'SELECT level, node_index, hash FROM merkle_nodes ORDER BY level, node_index',
  );
  const leaves = await integrity.all<Record<string, unknown>>(
    'SELECT leaf_index, event_id, stream_id, revision, global_position, checkpoint, event_hash FROM merkle_leaves ORDER BY leaf_index',
  );
  const heads = await integrity.all<Record<string, unknown>>(
    'SELECT tree_size, root_hash, signed_at, key_id, signature FROM tree_heads ORDER BY tree_size',
  );
  const state = await integrity.get<{ tree_size: number | string; checkpoint: string }>('SELECT tree_size, checkpoint FROM notary_state');
  // SQLite hands back numbers, PostgreSQL's BIGINT strings.
  const numeric = new Set(['leaf_index', 'revision', 'global_position', 'tree_size']);
  const numbers = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, numeric.has(key) ? Number(value) : value]));
  return {
    nodes: nodes.map((row) => `${row.level}:${row.node_index}:${Buffer.from(row.hash).toString('hex')}`),
    leaves: leaves.map(numbers),
    heads: heads.map(numbers),
    state: { treeSize: Number(state?.tree_size), checkpoint: state?.checkpoint },
  };
}
