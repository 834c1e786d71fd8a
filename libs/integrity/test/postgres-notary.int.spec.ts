import { createEventStore } from '@app/ledger';
import { loadConfig, toEventStoreConfig } from '@app/platform/config';
import type { ReadStore } from '@app/projections';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { integrityStoreConfig, openIntegrityStore } from '../src';
import type { NotaryHarness } from './notary.fixture';
import { notarySuite } from './notary.suite';

async function dropSchemas(schemas: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function openPostgres(): Promise<NotaryHarness> {
  const schema = uniqueSchema('integrity');
  const config = loadConfig({
    LEDGER_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    LEDGER_PG_SCHEMA: schema,
    LEDGER_POLL_INTERVAL_MS: '20',
  });
  const store = await createEventStore(toEventStoreConfig(config));
  const opened: ReadStore[] = [];
  const schemas = [schema, `${schema}_integrity`];
  const open = async (where = integrityStoreConfig(config)) => {
    const integrity = await openIntegrityStore(where, new Date());
    opened.push(integrity);
    return integrity;
  };
  return {
    store,
    openIntegrity: () => open(),
    openConcurrentIntegrity: () => open(),
    openSeparateIntegrity: () => {
      const reference = `${schema}_reference_${schemas.length}`;
      schemas.push(reference);
      return open({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema: reference });
    },
    close: async () => {
      for (const integrity of opened) await integrity.close();
      await store.close();
      await dropSchemas(schemas);
    },
  };
}

describeWithPostgres('the PostgreSQL integrity store', () => {
  it('has a schema of its own beside the ledger', () => {
    const config = loadConfig({ LEDGER_STORE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, LEDGER_PG_SCHEMA: 'ledger' });
    expect(integrityStoreConfig(config)).toEqual({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema: 'ledger_integrity' });
  });

  notarySuite('PostgreSQL', openPostgres);
});
