import type { QueryConfig } from 'pg';
import { encodeCheckpoint } from '../checkpoint';
import type { RecordedEvent } from '../envelope';
import type { AppendResult } from '../event-store.port';
import { quoteSchema } from './postgres-schema';

export interface EventRow {
  readonly transaction_id: bigint;
  readonly global_position: bigint;
  readonly stream_id: string;
  readonly revision: bigint;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** A page of the log with the snapshot's horizon, which comes back even when the page is empty. */
export interface LogRow extends Partial<EventRow> {
  readonly horizon: bigint;
}

export interface AppendRow {
  readonly outcome: 'appended' | 'replayed' | 'command-conflict' | 'wrong-expected-revision' | 'stale-head';
  readonly stream_id: string;
  readonly head_revision: bigint | null;
  readonly head_hash: string | null;
  readonly first_revision: bigint | null;
  readonly first_position: bigint | null;
  readonly last_position: bigint | null;
  readonly transaction_id: bigint | null;
}

export interface CommandRow {
  readonly stream_id: string;
  readonly first_revision: bigint;
  readonly last_revision: bigint;
  readonly first_position: bigint;
  readonly last_position: bigint;
  readonly transaction_id: bigint;
}

const EVENT_COLUMNS =
  'e.transaction_id, e.global_position, e.stream_id, e.revision, e.event_id, e.type, e.schema_version, ' +
  'e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash';

/** The largest bigint, as the open end of a revision range. */
export const MAX_REVISION = '9223372036854775807';

/**
 * Named statements: each connection of the pool parses and plans them once. The pool belongs to
 * one store and so to one schema, which keeps the names unambiguous per connection.
 */
export class PostgresStatements {
  readonly append: string;
  readonly readHead: string;
  readonly readStreamForwards: string;
  readonly readStreamBackwards: string;
  readonly streamHasEvents: string;
  readonly readAll: string;
  readonly head: string;
  readonly findCommand: string;
  readonly existingEventId: string;
  readonly streamHeadsPage: string;

  constructor(schema: string) {
    const s = quoteSchema(schema);
    this.append = `SELECT * FROM ${s}.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;
    this.readHead = `SELECT revision, hash FROM ${s}.streams WHERE stream_id = $1`;
    this.readStreamForwards =
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events AS e WHERE e.stream_id = $1 AND e.revision >= $2 ` +
      'AND e.revision <= $3 ORDER BY e.revision LIMIT $4';
    this.readStreamBackwards =
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events AS e WHERE e.stream_id = $1 AND e.revision <= $2 ` +
      'AND e.revision >= $3 ORDER BY e.revision DESC LIMIT $4';
    this.streamHasEvents = `SELECT EXISTS (SELECT FROM ${s}.events WHERE stream_id = $1) AS found`;
    // Only transactions older than every transaction still running are read: a transaction that
    // commits late holds the horizon back until it has committed, so it can never be passed over.
    this.readAll =
      `WITH snapshot AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) ` +
      `SELECT snapshot.horizon, page.* FROM snapshot LEFT JOIN LATERAL (` +
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events AS e ` +
      'WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND e.transaction_id < snapshot.horizon ' +
      'ORDER BY e.transaction_id, e.global_position LIMIT $3) AS page ON true';
    this.head =
      `WITH snapshot AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) ` +
      `SELECT snapshot.horizon, ` +
      `(SELECT count(*) FROM ${s}.events AS c WHERE c.transaction_id < snapshot.horizon) AS event_count, ` +
      'last.transaction_id, last.global_position FROM snapshot LEFT JOIN LATERAL (' +
      `SELECT e.transaction_id, e.global_position FROM ${s}.events AS e WHERE e.transaction_id < snapshot.horizon ` +
      'ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1) AS last ON true';
    this.findCommand =
      'SELECT stream_id, first_revision, last_revision, first_position, last_position, transaction_id ' +
      `FROM ${s}.commands WHERE command_id = $1`;
    this.existingEventId = `SELECT event_id FROM ${s}.events WHERE event_id = ANY ($1::text[]) LIMIT 1`;
    this.streamHeadsPage =
      `SELECT stream_id, revision, hash FROM ${s}.streams WHERE stream_id > $1 ORDER BY stream_id LIMIT $2`;
  }
}

/** A named statement: `name` is the field of PostgresStatements that holds its text. */
export function named(statements: PostgresStatements, name: keyof PostgresStatements, values: unknown[]): QueryConfig {
  return { name: `ledger_${name}`, text: statements[name], values };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.global_position,
    checkpoint: encodeCheckpoint(row.transaction_id, row.global_position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    integrity: { prevHash: row.prev_hash, hash: row.hash },
  };
}

export function commandResult(row: CommandRow, replayed: boolean): AppendResult {
  return {
    streamId: row.stream_id,
    firstRevision: row.first_revision,
    nextExpectedRevision: row.last_revision,
    firstPosition: row.first_position,
    lastPosition: row.last_position,
    checkpoint: encodeCheckpoint(row.transaction_id, row.last_position),
    replayed,
  };
}
