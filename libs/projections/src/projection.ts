import type { RecordedEvent } from '@app/ledger';
import type { ReadStoreTransaction, ReadStoreTx } from './read-store.port';

/**
 * Where a projection runs. Only `async` exists here: applied after the append, from the global
 * log, with a checkpoint stored beside its rows.
 */
export type RunsWhere = 'async';

/**
 * Full name of one of the projection's tables in the generation being written or read:
 * `<name>_v<version>_g<generation>_<base>`, so a new version (or a rebuild of the same one)
 * builds beside the tables that keep serving.
 */
export type TableName = (base: string) => string;

/** A read model: one query's tables, kept up to date from the events it handles. */
export interface Projection {
  /** snake_case; part of every table name. */
  readonly name: string;
  /** Bump when the rows change shape or meaning; the runner then builds the new version. */
  readonly version: number;
  readonly runsWhere: RunsWhere;
  /** Event types passed to apply; the others only move the checkpoint. */
  readonly handles: readonly string[];
  /** Base names of the tables setup creates; these are dropped once a newer build serves. */
  readonly tables?: readonly string[];
  /** Creates the tables (idempotently: it may run again after a crash). */
  setup(tx: ReadStoreTx, table: TableName): Promise<void>;
  /**
   * Must be idempotent: after an unclean stop the last batch may be offered again. A write whose
   * row count it does not need can go through `tx.queue`, so the batch's writes share round trips.
   */
  apply(tx: ReadStoreTransaction, event: RecordedEvent, table: TableName): Promise<void>;
}

/** One build of a projection: which tables its rows are in. */
export interface ProjectionBuild {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
}

export function tableName(build: ProjectionBuild): TableName {
  return (base) => `${build.name}_v${build.version}_g${build.generation}_${base}`;
}
