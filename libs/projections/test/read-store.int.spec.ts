import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { PostgresReadStore, type ReadStore, SqliteReadStore } from '../src';

interface Opened {
  readonly store: ReadStore;
  close(): Promise<void>;
}

async function openSqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
  const store = SqliteReadStore.open({ file: join(dir, 'read.sqlite') });
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<Opened> {
  const schema = uniqueSchema('read_store');
  const store = await PostgresReadStore.open({ connectionString: TEST_DATABASE_URL, schema });
  return {
    store,
    close: async () => {
      await store.close();
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    },
  };
}

function queuedWrites(label: string, open: () => Promise<Opened>): void {
  describe(`queued writes on ${label}`, () => {
    let opened: Opened;
    let store: ReadStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    });

    afterEach(async () => opened.close());

    it('take effect in order with the statements around them, and commit with the transaction', async () => {
      const read = await store.transaction(async (tx) => {
        for (let i = 1; i <= 1000; i++) {
          tx.queue('INSERT INTO t (id, n) VALUES (?, 0) ON CONFLICT (id) DO UPDATE SET n = t.n + 1', [i % 10]);
        }
        // An awaited statement sees every write queued before it.
        return tx.get<{ total: number | string }>('SELECT SUM(n) AS total FROM t');
      });
      expect(Number(read?.total)).toBe(990);
      expect(Number((await store.get<{ total: number | string }>('SELECT SUM(n) AS total FROM t'))?.total)).toBe(990);
    });

    it('fail the transaction with their own error, not a later one, and leave nothing behind', async () => {
      const failure = await store
        .transaction(async (tx) => {
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [1, 1]);
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [1, 2]);
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [2, 3]);
          await tx.get('SELECT COUNT(*) AS n FROM t');
        })
        .catch((error: unknown) => error);
      expect(String((failure as Error).message)).toMatch(/unique|UNIQUE|duplicate/);
      expect(await store.all('SELECT id FROM t')).toEqual([]);

      const atCommit = await store
        .transaction(async (tx) => {
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [3, 1]);
          tx.queue('INSERT INTO no_such_table (id) VALUES (?)', [1]);
        })
        .catch((error: unknown) => error);
      expect(String((atCommit as Error).message)).toMatch(/no_such_table/);
      expect(await store.all('SELECT id FROM t')).toEqual([]);
    });

    it('flush resolves once they have run; after one failed, flush and the commit reject even if the caller went on', async () => {
      const seen: string[] = [];
      const outcome = await store
        .transaction(async (tx) => {
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [1, 1]);
          await tx.flush();
          seen.push('flushed');
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [1, 1]);
          await tx.flush().catch((error: Error) => seen.push(`flush: ${error.message}`));
          tx.queue('INSERT INTO t (id, n) VALUES (?, ?)', [2, 1]);
        })
        .catch((error: Error) => `commit: ${error.message}`);
      expect(seen).toEqual(['flushed', expect.stringMatching(/^flush: .*(unique|UNIQUE|duplicate)/)]);
      expect(outcome).toMatch(/^commit: .*(unique|UNIQUE|duplicate)/);
      expect(await store.all('SELECT id FROM t')).toEqual([]);
    });
  });
}

queuedWrites('SQLite', openSqlite);
describeWithPostgres('PostgreSQL read store', () => queuedWrites('PostgreSQL', openPostgres));
