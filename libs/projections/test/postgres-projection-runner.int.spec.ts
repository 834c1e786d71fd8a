import { createEventStore } from '@app/ledger';
import { loadConfig, toEventStoreConfig } from '@app/platform/config';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { createReadStore, ProjectionRunner, readStoreConfig, type ReadStore } from '../src';
import { projectionObserverSuite } from './projection-observer.suite';
import { projectionRunnerSuite, type RunnerHarness } from './projection-runner.suite';
import { expectedRows, feed, handledCount, readRows, STATS, streamStats, wholeLog } from './stream-stats.fixture';

async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function openPostgres(): Promise<RunnerHarness> {
  const schema = uniqueSchema('projections');
  const config = loadConfig({
    LEDGER_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    LEDGER_PG_SCHEMA: schema,
    LEDGER_POLL_INTERVAL_MS: '20',
  });
  const store = await createEventStore(toEventStoreConfig(config));
  const readConfig = readStoreConfig(config);
  const readStores: ReadStore[] = [];
  return {
    store,
    openReadStore: async () => {
      const readStore = await createReadStore(readConfig);
      readStores.push(readStore);
      return readStore;
    },
    close: async () => {
      for (const readStore of readStores) await readStore.close();
      await store.close();
      await dropSchemas(schema, `${schema}_read`);
    },
  };
}

describeWithPostgres('PostgreSQL read store', () => {
  it('has a schema of its own beside the ledger', () => {
    expect(readStoreConfig(loadConfig({ LEDGER_STORE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, LEDGER_PG_SCHEMA: 'ledger' }))).toMatchObject({
      kind: 'postgres',
      schema: 'ledger_read',
    });
  });

  projectionRunnerSuite('PostgreSQL', openPostgres);
  projectionObserverSuite('PostgreSQL', openPostgres);

  it('two runners of one projection (two processes) never apply an event twice', async () => {
    const harness = await openPostgres();
    const runners: ProjectionRunner[] = [];
    try {
      await feed(harness.store);
      for (let i = 0; i < 2; i++) {
        const readStore = await harness.openReadStore();
        runners.push(
          new ProjectionRunner({ store: harness.store, readStore, projections: [streamStats()], batchSize: 20, catchUpBatchSize: 20 }),
        );
      }
      await Promise.all(runners.map((runner) => runner.start()));
      const head = (await harness.store.head()).checkpoint;
      await Promise.all(runners.map((runner) => runner.waitFor(STATS, head, 20_000)));
      const events = await wholeLog(harness.store);
      const applied = await Promise.all(runners.map(async (runner) => (await runner.status())[0].eventsApplied));
      expect(applied[0] + applied[1]).toBe(handledCount(events));
      expect(await readRows(await harness.openReadStore())).toEqual(expectedRows(events));
    } finally {
      for (const runner of runners) await runner.dispose();
      await harness.close();
    }
  }, 30_000);
});
