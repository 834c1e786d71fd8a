import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadStore, ReadStoreTx, SqlParams } from '../read-store.port';

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
  private readonly direct: ReadStoreTx;

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

  transaction<T>(work: (tx: ReadStoreTx) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      // IMMEDIATE takes the write lock up front, so two processes never both think they are first.
      this.database.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
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

function statements(db: Database.Database): ReadStoreTx {
  return {
    dialect: 'sqlite',
    exec: async (sql) => {
      db.exec(sql);
    },
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
    get: async <Row>(sql: string, params: SqlParams = []) => db.prepare(sql).get(...params) as Row | undefined,
    all: async <Row>(sql: string, params: SqlParams = []) => db.prepare(sql).all(...params) as Row[],
  };
}
