import type { QueryConfig } from 'pg';
import type { SealedEvent } from '../hash-chain';
import { quoteSchema } from './postgres-schema';
import type { AppendRow } from './postgres-statements';

/** Appends larger than this go through the append function's array parameters. */
export const MAX_FAST_APPEND = 1000;

// Statements for up to this many events are prepared once per connection; larger ones are
// parsed each time rather than kept in every connection's memory.
const MAX_NAMED = 128;

export interface FastAppend {
  readonly streamId: string;
  /** The head the events were sealed on: revision -1 and no hash for a stream to create. */
  readonly sealedOnRevision: bigint;
  readonly sealedOnHash: string | null;
  readonly commandId: string | undefined;
  readonly recordedAt: string;
  readonly events: readonly SealedEvent[];
}

export interface FastAppendRow {
  readonly global_position: bigint;
  readonly transaction_id: bigint;
}

/**
 * The append as one plain statement, for when the caller's expectation agrees with the head the
 * events were sealed on: move the head with a conditional UPDATE (or create the stream row), and
 * insert the events only if that succeeded. No row back means nothing was written (the head
 * moved, the stream exists, or the command id is taken); the append function then says why.
 *
 * The UPDATE's row lock is the per-stream lock: under READ COMMITTED a writer that waited for it
 * re-checks the condition against the head the winner left, and fails it.
 */
export class FastAppendStatements {
  private readonly texts = new Map<string, string>();
  private readonly schema: string;

  constructor(schema: string) {
    this.schema = quoteSchema(schema);
  }

  query(append: FastAppend): QueryConfig {
    const creates = append.sealedOnRevision < 0n;
    const withCommand = append.commandId !== undefined;
    const count = append.events.length;
    const key = `${creates ? 'create' : 'move'}_${withCommand ? 'command' : 'plain'}_${count}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.sql(count, creates, withCommand);
      if (count <= MAX_NAMED) this.texts.set(key, text);
    }
    const values: unknown[] = [
      append.streamId,
      append.sealedOnRevision,
      append.sealedOnHash,
      append.sealedOnRevision + BigInt(count),
      append.events[count - 1].hash,
      append.recordedAt,
    ];
    if (withCommand) values.push(append.commandId);
    for (const event of append.events) {
      const { eventId, type, schemaVersion, dataJson, metadataJson, prevHash, hash } = event;
      values.push(eventId, type, schemaVersion, dataJson, metadataJson, prevHash, hash);
    }
    return count <= MAX_NAMED ? { name: `ledger_fast_${key}`, text, values } : { text, values };
  }

  private sql(count: number, creates: boolean, withCommand: boolean): string {
    const s = this.schema;
    const commandIsFree = withCommand ? `AND NOT EXISTS (SELECT FROM ${s}.commands AS c WHERE c.command_id = $7)` : '';
    const head = creates
      ? `INSERT INTO ${s}.streams (stream_id, revision, hash) SELECT $1, $4, $5 WHERE $2::bigint = -1 ` +
        `AND $3::text IS NULL ${commandIsFree} ON CONFLICT DO NOTHING RETURNING 1`
      : `UPDATE ${s}.streams AS h SET revision = $4, hash = $5 WHERE h.stream_id = $1 AND h.revision = $2 ` +
        `AND h.hash = $3 ${commandIsFree} RETURNING 1`;
    const first = withCommand ? 8 : 7;
    const rows: string[] = [];
    for (let i = 0; i < count; i++) {
      const p = first + i * 7;
      rows.push(
        `($2::bigint + ${i + 1}, $${p}::text, $${p + 1}::text, $${p + 2}::integer, $${p + 3}::text, ` +
          `$${p + 4}::text, $${p + 5}::text, $${p + 6}::text)`,
      );
    }
    const insert =
      `INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata, ` +
      `recorded_at, prev_hash, hash) ` +
      `SELECT $1, v.revision, v.event_id, v.type, v.schema_version, v.data, v.metadata, $6, v.prev_hash, v.hash ` +
      `FROM (VALUES ${rows.join(', ')}) ` +
      'AS v(revision, event_id, type, schema_version, data, metadata, prev_hash, hash) ' +
      // Sorted so that positions follow revisions.
      'WHERE EXISTS (SELECT FROM head) ORDER BY v.revision RETURNING global_position, transaction_id';
    if (!withCommand) return `WITH head AS (${head}) ${insert}`;
    return (
      `WITH head AS (${head}), appended AS (${insert}), ` +
      `recorded AS (INSERT INTO ${s}.commands (command_id, stream_id, first_revision, last_revision, ` +
      'first_position, last_position, transaction_id) ' +
      'SELECT $7, $1, $2::bigint + 1, $4, min(a.global_position), max(a.global_position), pg_current_xact_id() ' +
      'FROM appended AS a HAVING count(*) > 0) ' +
      'SELECT global_position, transaction_id FROM appended'
    );
  }
}

/** What the append function would have answered, from the rows the plain statement inserted. */
export function appendedRow(append: FastAppend, rows: readonly FastAppendRow[]): AppendRow {
  let first = rows[0].global_position;
  let last = first;
  for (const row of rows) {
    if (row.global_position < first) first = row.global_position;
    if (row.global_position > last) last = row.global_position;
  }
  const { events, sealedOnRevision } = append;
  return {
    outcome: 'appended',
    stream_id: append.streamId,
    head_revision: sealedOnRevision + BigInt(events.length),
    head_hash: events[events.length - 1].hash,
    first_revision: sealedOnRevision + 1n,
    first_position: first,
    last_position: last,
    transaction_id: rows[0].transaction_id,
  };
}
