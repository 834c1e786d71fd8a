import { type CustomTypesConfig, Pool, type QueryResultRow, types as pgTypes } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { Observable, Subject } from 'rxjs';
import { catchUpSubscription } from '../catch-up-subscription';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint';
import type { NewEvent, RecordedEvent } from '../envelope';
import { LOG_START } from '../envelope';
import { StreamNotFoundError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LogHead,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { PostgresAppender } from './postgres-appender';
import { describeServer, translateError } from './postgres-errors';
import { schemaDdl } from './postgres-schema';
import {
  type CommandRow,
  commandResult,
  type EventRow,
  type LogRow,
  MAX_REVISION,
  named,
  PostgresStatements,
  toRecordedEvent,
} from './postgres-statements';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** The schema holding the store's tables; created when missing. Default 'ledger'. */
  readonly schema?: string;
  /** Connections in the pool. Default 20. */
  readonly poolSize?: number;
  /** How often subscriptions look for appends made through other connections. Default 100 ms. */
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
  /** Runs inside the append transaction just before COMMIT (tests delay commits with it). */
  readonly beforeCommit?: () => Promise<void>;
  /** Stream heads remembered so that most appends need no read before them. Default 20,000. */
  readonly headCacheSize?: number;
  /** How long readers of this instance wait for its own committed appends to show. Default 2 s. */
  readonly ownWritesTimeoutMs?: number;
}

const DEFAULT_SCHEMA = 'ledger';
const INT8_OID = 20;
const XID8_OID = 5069;
const toBigInt = (text: string): bigint => BigInt(text);

// Per pool, so that other users of pg in the process keep the driver's defaults.
const getTypeParser = (oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID || oid === XID8_OID ? toBigInt : pgTypes.getTypeParser(oid, format);
const BIGINT_TYPES: CustomTypesConfig = { getTypeParser: getTypeParser as CustomTypesConfig['getTypeParser'] };

/**
 * The event store on PostgreSQL (13 or later: xid8 and pg_current_snapshot).
 *
 * Global order: sequence values are taken when a row is inserted but become visible when its
 * transaction commits, so ordering by position alone lets a reader pass a position that is later
 * filled in by a slow transaction. The log is therefore ordered by (transaction id, position) and
 * a reader only sees transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): that prefix of the log can only grow at its end. Checkpoints encode the
 * tuple. The price: any long transaction on the server, in any database, holds the visible log
 * back until it ends (nothing is lost, readers only see it later).
 *
 * Appends to different streams lock different rows (their streams rows) and never wait for each
 * other; see PostgresAppender for the one-round-trip append.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly committed$ = new Subject<void>();
  private readonly appender: PostgresAppender;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly sql: PostgresStatements,
    private readonly server: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.appender = new PostgresAppender(pool, sql, options.schema ?? DEFAULT_SCHEMA, {
      now: options.now ?? (() => new Date()),
      beforeCommit: options.beforeCommit,
      headCacheSize: options.headCacheSize ?? 20_000,
      onCommit: () => this.committed$.next(),
    });
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    const sql = new PostgresStatements(schema);
    const server = describeServer(options.connectionString);
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
      types: BIGINT_TYPES,
      connectionTimeoutMillis: 10_000,
      application_name: 'ledger',
    });
    // An idle connection that drops is discarded by the pool; the next query reports the outage.
    pool.on('error', () => undefined);
    try {
      await createSchema(pool, schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw translateError(error, server);
    }
    return new PostgresEventStore(pool, sql, server, options);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    try {
      return await this.appender.append(streamId, events, options);
    } catch (error) {
      throw translateError(error, this.server);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? null;
    const rows = backwards
      ? await this.rows<EventRow>('readStreamBackwards', [
          streamId,
          options.fromRevision ?? MAX_REVISION,
          options.toRevision ?? 0n,
          limit,
        ])
      : await this.rows<EventRow>('readStreamForwards', [
          streamId,
          options.fromRevision ?? 0n,
          options.toRevision ?? MAX_REVISION,
          limit,
        ]);
    if (rows.length === 0) {
      const [{ found }] = await this.rows<{ found: boolean }>('streamHasEvents', [streamId]);
      if (!found) throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecordedEvent);
  }

  /**
   * A reader on this instance sees its own completed appends: while a transaction older than the
   * last one this instance committed is still running, the end of the log waits for it (bounded).
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const from = options.from ?? LOG_START;
    const maxCount = options.maxCount ?? 1000;
    const [transaction = 0n, position = 0n] = decodeCheckpoint(from, 2);
    const ownTransaction = this.appender.lastCommittedTransaction;
    const deadline = Date.now() + (this.options.ownWritesTimeoutMs ?? 2000);
    for (;;) {
      const rows = await this.rows<LogRow>('readAll', [transaction.toString(), position, maxCount]);
      const events = rows[0].event_id == null ? [] : (rows as EventRow[]).map(toRecordedEvent);
      const next = events.length > 0 ? events[events.length - 1].checkpoint : from;
      const full = events.length >= maxCount;
      const ownWritesHidden = rows[0].horizon <= ownTransaction;
      if (full || !ownWritesHidden || Date.now() >= deadline) return { events, next, isEnd: !full };
      await sleep(2);
    }
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return catchUpSubscription((page) => this.readAll(page), this.committed$, {
      from: options.from,
      pageSize: options.pageSize,
      pollIntervalMs: this.options.pollIntervalMs ?? 100,
    });
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const [row] = await this.rows<CommandRow>('findCommand', [commandId]);
    return row ? commandResult(row, true) : undefined;
  }

  async *streamHeads(): AsyncIterable<StreamHead> {
    const pageSize = 1000;
    let after = '';
    for (;;) {
      const rows = await this.rows<{ stream_id: string; revision: bigint; hash: string }>('streamHeadsPage', [
        after,
        pageSize,
      ]);
      for (const row of rows) yield { streamId: row.stream_id, revision: row.revision, hash: row.hash };
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].stream_id;
    }
  }

  /** Counts and ends at the visible log, like readAll; waits for this instance's own appends. */
  async head(): Promise<LogHead> {
    const ownTransaction = this.appender.lastCommittedTransaction;
    const deadline = Date.now() + (this.options.ownWritesTimeoutMs ?? 2000);
    for (;;) {
      const [row] = await this.rows<HeadRow>('head', []);
      if (row.horizon <= ownTransaction && Date.now() < deadline) {
        await sleep(2);
        continue;
      }
      return {
        eventCount: row.event_count,
        lastPosition: row.global_position,
        checkpoint:
          row.global_position === null || row.transaction_id === null
            ? LOG_START
            : encodeCheckpoint(row.transaction_id, row.global_position),
      };
    }
  }

  /** Completes every subscription, then closes the pool once running queries have finished. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.committed$.complete();
    await this.pool.end();
  }

  private async rows<Row extends QueryResultRow>(
    statement: keyof PostgresStatements,
    values: unknown[],
  ): Promise<Row[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<Row>(named(this.sql, statement, values))).rows;
    } catch (error) {
      throw translateError(error, this.server);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

interface HeadRow {
  readonly horizon: bigint;
  readonly event_count: bigint;
  readonly transaction_id: bigint | null;
  readonly global_position: bigint | null;
}

/** Idempotent, and serialised by an advisory lock so that two processes can open at once. */
async function createSchema(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ledger-schema:${schema}`]);
    await client.query(schemaDdl(schema));
    await client.query('COMMIT');
  } catch (error) {
    failure = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
