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
 * Where read models live. Used directly, each statement commits on its own; `transaction` runs a
 * function atomically and rolls back when it throws.
 */
export interface ReadStore extends ReadStoreTx {
  transaction<T>(work: (tx: ReadStoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Table and column names are spliced into SQL, so only plain identifiers are accepted. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertIdentifier(kind: string, value: string): void {
  if (!IDENTIFIER.test(value) || value.length > 63) {
    throw new RangeError(`${kind} must be lower-case letters, digits and _, at most 63 characters (got ${JSON.stringify(value)})`);
  }
}
