import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src';
import type { ContractHarness } from './contract-harness';
import { eventStoreContract } from './event-store.contract';

/** Rewrites rows in the database file as an operator with file access could, triggers dropped. */
function asRogueOperator(store: SqliteEventStore, sql: string, ...params: unknown[]): void {
  const db = store.database;
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  db.prepare(sql).run(...params);
}

async function openSqlite(): Promise<ContractHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
  const file = join(dir, 'ledger.sqlite');
  const store = SqliteEventStore.open({ file, pollIntervalMs: 20 });
  const others: SqliteEventStore[] = [];
  return {
    store,
    tamper: {
      editData: async (streamId, revision, data) =>
        asRogueOperator(store, 'UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?', JSON.stringify(data), streamId, revision),
      deleteEvent: async (streamId, revision) =>
        asRogueOperator(store, 'DELETE FROM events WHERE stream_id = ? AND revision = ?', streamId, revision),
      swapRevisions: async (streamId, a, b) => {
        asRogueOperator(store, 'UPDATE events SET revision = -1 WHERE stream_id = ? AND revision = ?', streamId, a);
        asRogueOperator(store, 'UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?', a, streamId, b);
        asRogueOperator(store, 'UPDATE events SET revision = ? WHERE stream_id = ? AND revision = -1', b, streamId);
      },
    },
    reopen: async () => {
      const other = SqliteEventStore.open({ file, pollIntervalMs: 20 });
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

eventStoreContract('SQLite', openSqlite);
