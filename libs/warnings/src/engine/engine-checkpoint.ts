import { type Checkpoint, LOG_START } from '@app/ledger/envelope';
import type { ReadStore } from '@app/projections/read-store.port';

/** Where the engine stands in the log, as saved after the warnings of everything before it were appended. */
export interface EngineCheckpoint {
  readonly checkpoint: Checkpoint;
  /** Log events up to and including the checkpoint. */
  readonly position: number;
  /** The rule set it was computed with (sorted ids). */
  readonly ruleSet: string;
}

export const ENGINE_CHECKPOINT_TABLE = 'rules_engine_checkpoint';

export async function createCheckpointTable(readStore: ReadStore): Promise<void> {
  await readStore.exec(
    `CREATE TABLE IF NOT EXISTS ${ENGINE_CHECKPOINT_TABLE} (
       name TEXT PRIMARY KEY,
       checkpoint TEXT NOT NULL,
       position BIGINT NOT NULL,
       rule_set TEXT NOT NULL,
       updated_at TEXT NOT NULL
     )`,
  );
}

export async function loadEngineCheckpoint(readStore: ReadStore, name: string): Promise<EngineCheckpoint | undefined> {
  const row = await readStore.get<{ checkpoint: string; position: number | string; rule_set: string }>(
    `SELECT checkpoint, position, rule_set FROM ${ENGINE_CHECKPOINT_TABLE} WHERE name = ?`,
    [name],
  );
  return row && { checkpoint: row.checkpoint, position: Number(row.position), ruleSet: row.rule_set };
}

export async function saveEngineCheckpoint(readStore: ReadStore, name: string, at: EngineCheckpoint, now: string): Promise<void> {
  await readStore.run(
    `INSERT INTO ${ENGINE_CHECKPOINT_TABLE} (name, checkpoint, position, rule_set, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint, position = excluded.position,
       rule_set = excluded.rule_set, updated_at = excluded.updated_at`,
    [name, at.checkpoint, at.position, at.ruleSet, now],
  );
}

/** Forgets where the engine stood: the next start replays the whole log (raising nothing twice). */
export async function resetEngineCheckpoint(readStore: ReadStore, name: string): Promise<void> {
  await readStore.run(`DELETE FROM ${ENGINE_CHECKPOINT_TABLE} WHERE name = ?`, [name]);
}

export const START: EngineCheckpoint = Object.freeze({ checkpoint: LOG_START, position: 0, ruleSet: '' });
