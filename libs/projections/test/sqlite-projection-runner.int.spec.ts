import { createEventStore } from '@app/ledger';
import { loadConfig, toEventStoreConfig } from '@app/platform/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStore, readStoreConfig, type ReadStore } from '../src';
import { projectionObserverSuite } from './projection-observer.suite';
import { projectionRunnerSuite, type RunnerHarness } from './projection-runner.suite';

async function openSqlite(): Promise<RunnerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'projections-sqlite-'));
  const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_POLL_INTERVAL_MS: '20' });
  const store = await createEventStore(toEventStoreConfig(config));
  const readStores: ReadStore[] = [];
  return {
    store,
    openReadStore: async () => {
      const readStore = await createReadStore(readStoreConfig(config));
      readStores.push(readStore);
      return readStore;
    },
    close: async () => {
      for (const readStore of readStores) await readStore.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('SQLite read store', () => {
  it('lives in read.sqlite in the data directory', () => {
    expect(readStoreConfig(loadConfig({ LEDGER_DATA_DIR: '/srv/ledger' }))).toEqual({
      kind: 'sqlite',
      file: '/srv/ledger/read.sqlite',
    });
  });
});

projectionRunnerSuite('SQLite', openSqlite);
projectionObserverSuite('SQLite', openSqlite);
