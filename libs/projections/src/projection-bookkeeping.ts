import type { Checkpoint } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import type { ProjectionBuild } from './projection';
import { assertIdentifier, isMissingTable, type ReadStore, type ReadStoreTransaction, type ReadStoreTx } from './read-store.port';

/** Where a build stands in the log: its checkpoint and how many log events that covers. */
export interface StoredCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly positionCount: number;
}

/** The build whose tables serve reads, as `projection_versions` records it. */
export interface LiveBuild extends ProjectionBuild {
  /** Full names of its tables. */
  readonly tables: readonly string[];
}

/**
 * Serialises the transactions that create tables or switch builds across processes. SQLite's
 * BEGIN IMMEDIATE already does; PostgreSQL would otherwise let two CREATE TABLE IF NOT EXISTS race.
 */
export async function lockBookkeeping(tx: ReadStoreTx): Promise<void> {
  if (tx.dialect === 'postgres') await tx.get("SELECT pg_advisory_xact_lock(hashtext('projection_bookkeeping'))");
}

export async function createBookkeeping(store: ReadStore): Promise<void> {
  await store.transaction(async (tx) => {
    await lockBookkeeping(tx);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        checkpoint TEXT NOT NULL,
        position_count BIGINT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (name, version, generation)
      );
      CREATE TABLE IF NOT EXISTS projection_versions (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        tables TEXT NOT NULL,
        switched_at TEXT NOT NULL
      );`);
  });
}

export async function liveBuild(tx: ReadStoreTx, name: string): Promise<LiveBuild | undefined> {
  const row = await tx.get<{ version: number; generation: number; tables: string }>(
    'SELECT version, generation, tables FROM projection_versions WHERE name = ?',
    [name],
  );
  return row && { name, version: Number(row.version), generation: Number(row.generation), tables: JSON.parse(row.tables) };
}

export async function nextGeneration(tx: ReadStoreTx, name: string): Promise<number> {
  const row = await tx.get<{ last: number | string | null }>(
    'SELECT MAX(generation) AS last FROM projection_checkpoints WHERE name = ?',
    [name],
  );
  const live = await liveBuild(tx, name);
  return Math.max(Number(row?.last ?? 0), live?.generation ?? 0) + 1;
}

/** The build's checkpoint row, created at the start of the log when missing. */
export async function loadCheckpoint(tx: ReadStoreTx, build: ProjectionBuild, now: string): Promise<StoredCheckpoint> {
  const row = await readCheckpoint(tx, build);
  if (row) return row;
  await tx.run(
    `INSERT INTO projection_checkpoints (name, version, generation, checkpoint, position_count, updated_at)
     VALUES (?, ?, ?, ?, 0, ?)`,
    [build.name, build.version, build.generation, LOG_START, now],
  );
  return { checkpoint: LOG_START, positionCount: 0 };
}

/** Locks the row on PostgreSQL, so two runners of one build cannot both apply a batch. */
export async function readCheckpoint(tx: ReadStoreTx, build: ProjectionBuild, lock = false): Promise<StoredCheckpoint | undefined> {
  const row = await tx.get<{ checkpoint: string; position_count: number | string }>(
    `SELECT checkpoint, position_count FROM projection_checkpoints WHERE name = ? AND version = ? AND generation = ?${
      lock && tx.dialect === 'postgres' ? ' FOR UPDATE' : ''
    }`,
    [build.name, build.version, build.generation],
  );
  return row && { checkpoint: row.checkpoint, positionCount: Number(row.position_count) };
}

/** Queued with the batch's writes: the commit waits for it. */
export function saveCheckpoint(tx: ReadStoreTransaction, build: ProjectionBuild, at: StoredCheckpoint, now: string): void {
  tx.queue(
    `UPDATE projection_checkpoints SET checkpoint = ?, position_count = ?, updated_at = ?
     WHERE name = ? AND version = ? AND generation = ?`,
    [at.checkpoint, at.positionCount, now, build.name, build.version, build.generation],
  );
}

/** A build's checkpoint as stored, and whether the build serves reads. */
export interface StoredBuild extends ProjectionBuild, StoredCheckpoint {
  readonly serving: boolean;
  /** When its checkpoint last moved (the applying process's clock). */
  readonly updatedAt: string;
}

/**
 * Every build's checkpoint, for a process that only watches. One statement, so a switch committed
 * meanwhile cannot pair a serving build with a checkpoint row it has already deleted. Empty until
 * a runner has created the tables.
 */
export async function storedBuilds(db: ReadStoreTx): Promise<StoredBuild[]> {
  type Row = { name: string; version: number; generation: number; checkpoint: string; position_count: number | string; updated_at: string; serving: number };
  let rows: Row[];
  try {
    rows = await db.all<Row>(
      `SELECT c.name, c.version, c.generation, c.checkpoint, c.position_count, c.updated_at,
         CASE WHEN v.name IS NULL THEN 0 ELSE 1 END AS serving
       FROM projection_checkpoints c
       LEFT JOIN projection_versions v ON v.name = c.name AND v.version = c.version AND v.generation = c.generation`,
    );
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
  return rows.map((row) => ({
    name: row.name,
    version: Number(row.version),
    generation: Number(row.generation),
    checkpoint: row.checkpoint,
    positionCount: Number(row.position_count),
    updatedAt: row.updated_at,
    serving: Number(row.serving) === 1,
  }));
}

/** Makes `next` the build that serves reads, forgetting and dropping `previous`. */
export async function switchLive(tx: ReadStoreTx, next: LiveBuild, previous: LiveBuild | undefined, now: string): Promise<void> {
  await tx.run(
    `INSERT INTO projection_versions (name, version, generation, tables, switched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, generation = excluded.generation,
       tables = excluded.tables, switched_at = excluded.switched_at`,
    [next.name, next.version, next.generation, JSON.stringify(next.tables), now],
  );
  if (!previous || (previous.version === next.version && previous.generation === next.generation)) return;
  await tx.run('DELETE FROM projection_checkpoints WHERE name = ? AND version = ? AND generation = ?', [
    previous.name,
    previous.version,
    previous.generation,
  ]);
  for (const table of previous.tables) {
    // The names come back from the database and are spliced into SQL.
    assertIdentifier('table name', table);
    await tx.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}
