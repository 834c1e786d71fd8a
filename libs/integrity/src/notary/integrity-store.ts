import type { AppConfig } from '@app/platform/config';
import { createReadStore, type ReadStore, type ReadStoreConfig, type ReadStoreTx } from '@app/projections';
import { join } from 'node:path';

export const INTEGRITY_SQLITE_FILE_NAME = 'integrity.sqlite';

/**
 * Where the Merkle log is kept: beside the event log, never in it (DESIGN §4), so a head is a
 * statement about the log rather than an event of it. `<dataDir>/integrity.sqlite`, or the schema
 * `<ledger schema>_integrity` of the same PostgreSQL database.
 */
export function integrityStoreConfig(config: AppConfig): ReadStoreConfig {
  const { store } = config;
  return store.kind === 'sqlite'
    ? { kind: 'sqlite', file: join(config.dataDir, INTEGRITY_SQLITE_FILE_NAME) }
    : { kind: 'postgres', connectionString: store.databaseUrl, schema: `${store.schema}_integrity` };
}

/** Opens the integrity store and creates whatever of its tables is missing. */
export async function openIntegrityStore(config: ReadStoreConfig, now: Date): Promise<ReadStore> {
  const store = await createReadStore(config);
  try {
    await createIntegrityTables(store, now);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * The tables, made once per store:
 * - `merkle_nodes`: every complete subtree (level, index) → its hash; level 0 are the leaf hashes.
 *   A proof reads its O(log n) nodes by primary key.
 * - `merkle_leaves`: which event each leaf is, found by event id or by stream and revision.
 * - `notary_state`: one row, the tree size and the log checkpoint it covers; the notary commits
 *   it with the batch's leaves and nodes, and locks it to append.
 * - `tree_heads`: the signed heads, by tree size.
 */
export async function createIntegrityTables(store: ReadStore, now: Date): Promise<void> {
  const sqlite = store.dialect === 'sqlite';
  const bytes = sqlite ? 'BLOB' : 'BYTEA';
  // On SQLite only INTEGER PRIMARY KEY is the row id itself; on PostgreSQL indexes are 64-bit.
  const leafKey = sqlite ? 'INTEGER' : 'BIGINT';
  await store.transaction(async (tx) => {
    await lockSchema(tx);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS merkle_nodes (
        level INTEGER NOT NULL,
        node_index BIGINT NOT NULL,
        hash ${bytes} NOT NULL,
        PRIMARY KEY (level, node_index)
      )${sqlite ? ' WITHOUT ROWID' : ''};
      CREATE TABLE IF NOT EXISTS merkle_leaves (
        leaf_index ${leafKey} PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        revision BIGINT NOT NULL,
        global_position BIGINT NOT NULL,
        checkpoint TEXT NOT NULL,
        event_hash TEXT NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS merkle_leaves_stream_revision ON merkle_leaves (stream_id, revision);
      CREATE TABLE IF NOT EXISTS notary_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        tree_size BIGINT NOT NULL,
        checkpoint TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS tree_heads (
        tree_size BIGINT PRIMARY KEY,
        root_hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL
      );`);
    await tx.run(
      "INSERT INTO notary_state (id, tree_size, checkpoint, updated_at) VALUES (1, 0, '', ?) ON CONFLICT (id) DO NOTHING",
      [now.toISOString()],
    );
  });
}

/**
 * Two processes creating the tables at once: PostgreSQL would let their CREATE TABLE IF NOT
 * EXISTS race; SQLite's BEGIN IMMEDIATE already serialises them.
 */
async function lockSchema(tx: ReadStoreTx): Promise<void> {
  if (tx.dialect === 'postgres') await tx.get("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.integrity'))");
}
