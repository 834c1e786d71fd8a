import { Pool } from 'pg';
import type { BenchSystem, LoggedEvent, LogReader } from './bench-system';
import { dropSchema, freshSchemaName, quoteIdent } from './postgres-admin';
import type { BenchAppend } from './workload-plan';

interface RawRow {
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const COLUMNS = 'position, stream, revision, event_id, type, data, metadata';
const PARAMS_PER_EVENT = 6;

/**
 * The floor to compare with on PostgreSQL: pg 8 with its defaults (synchronous_commit on), text
 * columns, one INSERT statement per append (all its rows, autocommit), a pool of 16 connections for
 * the concurrent workload, and a unique constraint on (stream, revision) as the only check.
 */
export class RawPgBaseline implements BenchSystem {
  readonly role = 'raw' as const;
  readonly label = 'raw pg (text columns, default durability)';
  private readonly table: string;
  private readonly insertSql = new Map<number, string>();

  private constructor(
    private readonly pool: Pool,
    private readonly connectionString: string,
    private readonly schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.events`;
  }

  static async open(connectionString: string): Promise<RawPgBaseline> {
    const schema = freshSchemaName('raw');
    const pool = new Pool({ connectionString, max: 16 });
    try {
      await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
      await pool.query(
        `CREATE TABLE ${quoteIdent(schema)}.events (
           position bigserial PRIMARY KEY,
           stream   text   NOT NULL,
           revision bigint NOT NULL,
           event_id text   NOT NULL,
           type     text   NOT NULL,
           data     text   NOT NULL,
           metadata text   NOT NULL,
           UNIQUE (stream, revision)
         )`,
      );
    } catch (error) {
      await pool.end();
      await dropSchema(connectionString, schema).catch(() => undefined);
      throw error;
    }
    return new RawPgBaseline(pool, connectionString, schema);
  }

  append(append: BenchAppend): Promise<unknown> {
    const values: unknown[] = [];
    let revision = append.expectedVersion;
    for (const event of append.events) {
      values.push(
        append.streamId,
        revision,
        event.eventId,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      revision += 1;
    }
    return this.pool.query(this.insertStatement(append.events.length), values);
  }

  async openLog(pageSize: number, from: 'start' | 'end'): Promise<LogReader> {
    const sql = `SELECT ${COLUMNS} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`;
    let after = 0;
    if (from === 'end') {
      const result = await this.pool.query<{ last: string | null }>(`SELECT max(position) AS last FROM ${this.table}`);
      after = Number(result.rows[0].last ?? 0);
    }
    return {
      next: async () => {
        const result = await this.pool.query<RawRow>(sql, [after, pageSize]);
        const events = result.rows.map(decode);
        if (events.length > 0) after = events[events.length - 1].globalPosition;
        return { events, isEnd: events.length < pageSize };
      },
    };
  }

  async readStream(streamId: string): Promise<readonly LoggedEvent[]> {
    const result = await this.pool.query<RawRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE stream = $1 ORDER BY revision`,
      [streamId],
    );
    return result.rows.map(decode);
  }

  async logHead(): Promise<string> {
    const result = await this.pool.query<{ count: string; last: string | null }>(
      `SELECT count(*) AS count, max(position) AS last FROM ${this.table}`,
    );
    const head = result.rows[0];
    return `${head.count} events, last position ${String(head.last)}`;
  }

  async dispose(): Promise<void> {
    await this.pool.end();
    await dropSchema(this.connectionString, this.schema);
  }

  private insertStatement(eventCount: number): string {
    let sql = this.insertSql.get(eventCount);
    if (sql === undefined) {
      const rows: string[] = [];
      for (let i = 0; i < eventCount; i += 1) {
        const first = i * PARAMS_PER_EVENT;
        const params = Array.from({ length: PARAMS_PER_EVENT }, (_, p) => `$${first + p + 1}`);
        rows.push(`(${params.join(', ')})`);
      }
      sql = `INSERT INTO ${this.table} (stream, revision, event_id, type, data, metadata) VALUES ${rows.join(', ')}`;
      this.insertSql.set(eventCount, sql);
    }
    return sql;
  }
}

function decode(row: RawRow) {
  return {
    globalPosition: Number(row.position),
    streamId: row.stream,
    revision: Number(row.revision),
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
  };
}
