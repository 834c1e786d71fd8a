import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadStore, ReadStoreTransaction, ReadStoreTx, SqlParams } from '../read-store.port';

export interface SqliteReadStoreOptions {
  readonly file: string;
}

/**
 * The embedded read store: a file of its own beside the ledger, so a rebuild never touches the
 * event log and the file can be deleted to start over.
 *
 * One connection serves the process. better-sqlite3 is synchronous but a projection's apply is
 * async, so a transaction may span awaits; a queue keeps every other statement of this process
 * out of an open transaction.
 */
export class SqliteReadStore implements ReadStore {
  readonly dialect = 'sqlite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly direct: Statements;

  private constructor(readonly database: Database.Database) {
    this.direct = statements(database);
  }

  static open(options: SqliteReadStoreOptions): SqliteReadStore {
    mkdirSync(dirname(options.file), { recursive: true });
    const db = new Database(options.file);
    db.pragma('journal_mode = WAL');
    // NORMAL may lose the last commits on power loss but never tears one: rows and checkpoint
    // commit together, so a lost tail is simply applied again from the older checkpoint.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    return new SqliteReadStore(db);
  }

  exec(sql: string): Promise<void> {
    return this.serial(() => this.direct.exec(sql));
  }

  run(sql: string, params?: SqlParams): Promise<number> {
    return this.serial(() => this.direct.run(sql, params));
  }

  get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return this.serial(() => this.direct.get<Row>(sql, params));
  }

  all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    return this.serial(() => this.direct.all<Row>(sql, params));
  }

  transaction<T>(work: (tx: ReadStoreTransaction) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      // IMMEDIATE takes the write lock up front, so two processes never both think they are first.
      this.database.exec('BEGIN IMMEDIATE');
      try {
        const tx = transactionOf(this.direct);
        const result = await work(tx);
        await tx.flush();
        this.database.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.database.inTransaction) this.database.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.database.open) this.database.close();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Prepared statements kept per connection; beyond this many, the oldest is prepared again when next used. */
const STATEMENT_CACHE_SIZE = 256;

interface Statements extends ReadStoreTx {
  /** Runs a statement, prepared once. */
  write(sql: string, params: SqlParams): void;
}

function statements(db: Database.Database): Statements {
  // Preparing (parsing and planning) costs more than running a small statement: a projection
  // runs the same few statements for every event. better-sqlite3 resets a statement after each
  // run, get and all, so a cached one holds no read snapshot open between uses.
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: 'sqlite',
    exec: async (sql) => {
      db.exec(sql);
    },
    run: async (sql, params = []) => prepared(sql).run(...params).changes,
    get: async <Row>(sql: string, params: SqlParams = []) => prepared(sql).get(...params) as Row | undefined,
    all: async <Row>(sql: string, params: SqlParams = []) => prepared(sql).all(...params) as Row[],
    write: (sql, params) => {
      prepared(sql).run(...params);
    },
  };
}

/**
 * In process a statement costs no round trip, so a queued write simply runs at once. A failed one
 * fails the transaction as on PostgreSQL (where it aborts it): every later statement, flush and
 * the commit reject with its error, even if the caller went on.
 */
function transactionOf(statements: Statements): ReadStoreTransaction {
  let failure: { readonly error: unknown } | undefined;
  const unlessFailed = <T>(work: () => Promise<T>): Promise<T> => (failure ? Promise.reject(failure.error) : work());
  return {
    dialect: 'sqlite',
    exec: (sql) => unlessFailed(() => statements.exec(sql)),
    run: (sql, params) => unlessFailed(() => statements.run(sql, params)),
    get: <Row>(sql: string, params?: SqlParams) => unlessFailed(() => statements.get<Row>(sql, params)),
    all: <Row>(sql: string, params?: SqlParams) => unlessFailed(() => statements.all<Row>(sql, params)),
    queue: (sql, params = []) => {
      if (failure) return;
      try {
        statements.write(sql, params);
      } catch (error) {
        failure = { error };
      }
    },
    flush: () => unlessFailed(async () => undefined),
  };
}
