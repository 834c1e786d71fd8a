import type { PoolClient, QueryConfig, QueryResult } from 'pg';
import type { ReadStoreTransaction, SqlParams } from '../read-store.port';
import type { StatementCache } from './statement-cache';

/** Queued writes sent together in one system call. */
const CORK_WRITES = 64;

/**
 * One transaction on a pipelining connection (pg's `pipeline` mode). A queued write is sent at
 * once; an awaited statement waits only for its own answer, which PostgreSQL sends after those of
 * everything sent before it. After a failure every later statement of the transaction fails too
 * ("current transaction is aborted"), so the error callers get is the first one, the cause.
 */
export class PostgresTransaction implements ReadStoreTransaction {
  readonly dialect = 'postgres' as const;
  private sent = 0;
  private cause: { readonly seq: number; readonly error: unknown } | undefined;
  /** Settles once everything sent so far has been answered (answers come in order). */
  private answered: Promise<void> = Promise.resolve();
  /** Writes held in the socket's buffer since it was corked; undefined when it is not. */
  private corked: number | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly cache: StatementCache,
  ) {}

  async exec(sql: string): Promise<void> {
    await this.awaited(sql);
  }

  async run(sql: string, params?: SqlParams): Promise<number> {
    return (await this.awaited(this.query(sql, params))).rowCount ?? 0;
  }

  async get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return (await this.awaited(this.query(sql, params))).rows[0] as Row | undefined;
  }

  async all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    return (await this.awaited(this.query(sql, params))).rows as Row[];
  }

  queue(sql: string, params?: SqlParams): void {
    // The transaction is lost already; the commit will say why.
    if (this.cause) return;
    this.cork();
    this.send(this.query(sql, params)).catch(() => undefined);
  }

  /** Sends a statement of the transaction's own (BEGIN) without waiting for its answer. */
  begin(): void {
    this.cork();
    this.send('BEGIN').catch(() => undefined);
  }

  async flush(): Promise<void> {
    this.uncork();
    await this.answered;
    if (this.cause) throw this.cause.error;
  }

  /** Commits once every queued write has succeeded: COMMIT of a failed transaction only rolls back. */
  async commit(): Promise<void> {
    await this.flush();
    await this.awaited('COMMIT');
  }

  /** Rolls back after the statements in flight have been answered. */
  async rollback(): Promise<void> {
    await this.awaited('ROLLBACK').catch(() => undefined);
  }

  private query(sql: string, params: SqlParams = []): QueryConfig {
    const { text, name } = this.cache.statement(sql);
    return { text, name, values: params as unknown[] };
  }

  private send(query: QueryConfig | string): Promise<QueryResult> {
    const seq = ++this.sent;
    const result = this.client.query(query);
    this.answered = result.then(
      () => undefined,
      (error: unknown) => {
        if (!this.cause || seq < this.cause.seq) this.cause = { seq, error };
      },
    );
    return result;
  }

  private async awaited(query: QueryConfig | string): Promise<QueryResult> {
    const result = this.send(query);
    this.uncork();
    try {
      return await result;
    } catch (error) {
      await this.answered;
      throw this.cause?.error ?? error;
    }
  }

  /**
   * Holds queued writes in the socket's buffer, so that they leave CORK_WRITES at a time in one
   * system call instead of one each, yet soon enough for PostgreSQL to work on them while more are
   * prepared. Anything that waits for an answer uncorks first, and so does the next turn of the
   * event loop. pg corks around each message too; nested corks flush only at the outermost uncork.
   */
  private cork(): void {
    if (this.corked !== undefined) {
      if (++this.corked >= CORK_WRITES) this.uncork();
      return;
    }
    const stream = socketOf(this.client);
    if (!stream) return;
    stream.cork();
    this.corked = 1;
    setImmediate(() => this.uncork());
  }

  private uncork(): void {
    if (this.corked === undefined) return;
    this.corked = undefined;
    socketOf(this.client)?.uncork();
  }
}

/** pg's socket (Client#connection.stream); not part of its typed API, so looked up with care. */
function socketOf(client: PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
    ? (stream as { cork(): void; uncork(): void })
    : undefined;
}
