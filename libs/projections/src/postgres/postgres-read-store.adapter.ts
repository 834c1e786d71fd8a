import { Pool, type PoolConfig } from 'pg';
import { assertIdentifier, type ReadStore, type ReadStoreTransaction, type ReadStoreTx, type SqlParams } from '../read-store.port';
import { PostgresTransaction } from './postgres-transaction';
import { StatementCache } from './statement-cache';

export interface PostgresReadStoreOptions {
  readonly connectionString: string;
  /** Schema of the read models, apart from the ledger's; created when missing. */
  readonly schema: string;
  readonly poolSize?: number;
}

/** Read models in a PostgreSQL schema of their own; every connection has it as search_path. */
export class PostgresReadStore implements ReadStore {
  readonly dialect = 'postgres' as const;
  private readonly direct: ReadStoreTx;
  private readonly cache = new StatementCache('read_store');

  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
  ) {
    this.direct = statements(pool, this.cache);
  }

  static async open(options: PostgresReadStoreOptions): Promise<PostgresReadStore> {
    assertIdentifier('read store schema', options.schema);
    // Pipelining (pg 8.23) lets a transaction send queued writes without waiting for each answer;
    // a caller that awaits every statement sees no difference. Not in @types/pg yet.
    const config: PoolConfig & { readonly pipeline: boolean } = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 4,
      options: `-c search_path=${options.schema}`,
      pipeline: true,
    };
    const pool = new Pool(config);
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    } catch (error) {
      // Two processes creating the schema at once: the loser sees a duplicate, which is fine.
      if ((error as { code?: string }).code !== '23505') {
        await pool.end();
        throw error;
      }
    }
    return new PostgresReadStore(pool, options.schema);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  run(sql: string, params?: SqlParams): Promise<number> {
    return this.direct.run(sql, params);
  }

  get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return this.direct.get<Row>(sql, params);
  }

  all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    return this.direct.all<Row>(sql, params);
  }

  async transaction<T>(work: (tx: ReadStoreTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PostgresTransaction(client, this.cache);
    try {
      tx.begin();
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback();
      throw error;
    } finally {
      client.release();
    }
  }

  private closing: Promise<void> | undefined;

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

function statements(pool: Pool, cache: StatementCache): ReadStoreTx {
  const query = (sql: string, params: SqlParams = []) => {
    const { text, name } = cache.statement(sql);
    return pool.query({ text, name, values: params as unknown[] });
  };
  return {
    dialect: 'postgres',
    exec: async (sql) => {
      await pool.query(sql);
    },
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    get: async <Row>(sql: string, params?: SqlParams) => (await query(sql, params)).rows[0] as Row | undefined,
    all: async <Row>(sql: string, params?: SqlParams) => (await query(sql, params)).rows as Row[],
  };
}
