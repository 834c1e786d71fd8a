export type ReadStoreDialect = 'sqlite' | 'postgres';

export type SqlParams = readonly unknown[];

/**
 * The few statements a projection needs, on either read store. SQL uses `?` placeholders on both;
 * the PostgreSQL adapter numbers them.
 */
export interface ReadStoreTx {
  readonly dialect: ReadStoreDialect;
  /** Runs one or more statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
  /** Runs one statement; resolves to the number of rows it changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
  get<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row | undefined>;
  all<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row[]>;
}

/**
 * The statements of one transaction, and writes queued without waiting for each answer (as
 * Marten's QueueSqlCommand): a projection applying a batch of events writes row after row without
 * a round trip to the database for each.
 */
export interface ReadStoreTransaction extends ReadStoreTx {
  /**
   * Queues a write whose row count is not needed. It takes effect in order with the transaction's
   * other statements: PostgreSQL is sent it at once without waiting for the answers to the writes
   * before it (pipelining); SQLite runs it at once. If it fails, the transaction fails: at the
   * latest the next statement awaited, `flush` or the commit rejects with its error.
   */
  queue(sql: string, params?: SqlParams): void;
  /** Resolves once every queued write has run; rejects with the first that failed. */
  flush(): Promise<void>;
}

/**
 * Where read models live. Used directly, each statement commits on its own; `transaction` runs a
 * function atomically and rolls back when it throws.
 */
export interface ReadStore extends ReadStoreTx {
  transaction<T>(work: (tx: ReadStoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Table and column names are spliced into SQL, so only plain identifiers are accepted. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertIdentifier(kind: string, value: string): void {
  if (!IDENTIFIER.test(value) || value.length > 63) {
    throw new RangeError(`${kind} must be lower-case letters, digits and _, at most 63 characters (got ${JSON.stringify(value)})`);
  }
}

/** The error of a statement on a table that does not exist (PostgreSQL 42P01, SQLite "no such table"). */
export function isMissingTable(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42P01' || /no such table/.test(message ?? '');
}
