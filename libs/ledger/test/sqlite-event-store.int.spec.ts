import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src';
import type { ContractHarness } from './contract-harness';
import { eventStoreContract } from './event-store.contract';
import { newEvent } from './fixtures';

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

describe('SQLite store: a long read of the log shares the process', () => {
  it('lets timers and I/O run between the pages of a catch-up, not only after its end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-fair-'));
    const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite'), pollIntervalMs: 20 });
    try {
      for (let s = 0; s < 50; s++) {
        await store.append(`fair-${s}`, Array.from({ length: 100 }, () => newEvent('Counted')), { expectedRevision: 'no-stream' });
      }
      let delivered = 0;
      let deliveredWhenTimerRan = -1;
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          deliveredWhenTimerRan = delivered;
          resolve();
        }, 0),
      );
      const all = new Promise<void>((resolve, reject) => {
        const subscription = store.subscribe({ pageSize: 100 }).subscribe({
          next: () => {
            if (++delivered === 5_000) {
              subscription.unsubscribe();
              resolve();
            }
          },
          error: reject,
        });
      });
      await Promise.all([timer, all]);
      expect(deliveredWhenTimerRan).toBeGreaterThanOrEqual(0);
      expect(deliveredWhenTimerRan).toBeLessThan(5_000);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
