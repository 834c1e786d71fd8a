import { createEventStore } from '@app/ledger';
import { loadConfig, toEventStoreConfig } from '@app/platform/config';
import type { ReadStore } from '@app/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrityStoreConfig, openIntegrityStore } from '../src';
import type { NotaryHarness } from './notary.fixture';
import { notarySuite } from './notary.suite';

async function openSqlite(): Promise<NotaryHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'integrity-sqlite-'));
  const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_POLL_INTERVAL_MS: '20' });
  const store = await createEventStore(toEventStoreConfig(config));
  const opened: ReadStore[] = [];
  const open = async (file = integrityStoreConfig(config)) => {
    const integrity = await openIntegrityStore(file, new Date());
    opened.push(integrity);
    return integrity;
  };
  let separate = 0;
  return {
    store,
    openIntegrity: () => open(),
    openConcurrentIntegrity: async () => opened[0] ?? open(),
    openSeparateIntegrity: () => open({ kind: 'sqlite', file: join(dir, `reference-${++separate}.sqlite`) }),
    close: async () => {
      for (const integrity of opened) await integrity.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the SQLite integrity store', () => {
  it('lives in integrity.sqlite in the data directory, beside the ledger', () => {
    expect(integrityStoreConfig(loadConfig({ LEDGER_DATA_DIR: '/srv/ledger' }))).toEqual({
      kind: 'sqlite',
      file: '/srv/ledger/integrity.sqlite',
    });
  });
});

notarySuite('SQLite', openSqlite);
