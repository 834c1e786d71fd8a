import { createEventStore, type EventStore } from '@app/ledger';
import { loadConfig, toEventStoreConfig } from '@app/platform/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { readWholeLog } from '../../ledger/test/fixtures';
import { TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { createReadStore, type Projection, ProjectionRunner, readProjection, type ReadStore } from '../src';

/** An event store and a read store for a read model's integration test, on one backend. */
export interface ReadModelHarness {
  readonly store: EventStore;
  readonly readStore: ReadStore;
  /** A read store with no tables yet, for a build from scratch. */
  openFresh(): Promise<ReadStore>;
  close(): Promise<void>;
}

export async function openSqliteHarness(prefix: string): Promise<ReadModelHarness> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_POLL_INTERVAL_MS: '20' });
  const store = await createEventStore(toEventStoreConfig(config));
  const opened: ReadStore[] = [];
  const openRead = async (file: string) => {
    const readStore = await createReadStore({ kind: 'sqlite', file: join(dir, file) });
    opened.push(readStore);
    return readStore;
  };
  return {
    store,
    readStore: await openRead('read.sqlite'),
    openFresh: () => openRead('fresh.sqlite'),
    close: async () => {
      for (const readStore of opened) await readStore.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresHarness(prefix: string): Promise<ReadModelHarness> {
  const schema = uniqueSchema(prefix);
  const config = loadConfig({
    LEDGER_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    LEDGER_PG_SCHEMA: schema,
    LEDGER_POLL_INTERVAL_MS: '20',
  });
  const store = await createEventStore(toEventStoreConfig(config));
  const opened: ReadStore[] = [];
  const openRead = async (readSchema: string) => {
    const readStore = await createReadStore({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema: readSchema });
    opened.push(readStore);
    return readStore;
  };
  return {
    store,
    readStore: await openRead(`${schema}_read`),
    openFresh: () => openRead(`${schema}_fresh`),
    close: async () => {
      for (const readStore of opened) await readStore.close();
      await store.close();
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        for (const s of [schema, `${schema}_read`, `${schema}_fresh`]) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs the projection over the whole log into the read store, until it has reached the head. */
export async function projectToHead(
  store: EventStore,
  readStore: ReadStore,
  projection: Projection,
  options: { readonly batchSize: number; readonly waitMs: number },
): Promise<void> {
  const runner = new ProjectionRunner({ store, readStore, projections: [projection], batchSize: options.batchSize });
  try {
    await runner.start();
    await runner.waitFor(projection.name, (await store.head()).checkpoint, options.waitMs);
  } finally {
    await runner.dispose();
  }
}

/** Offers every event the projection handles once more, as a replay would, in one transaction. */
export async function offerEveryEventAgain(store: EventStore, readStore: ReadStore, projection: Projection): Promise<void> {
  const events = (await readWholeLog(store)).filter((e) => projection.handles.includes(e.type));
  await readProjection(readStore, projection.name, (read, table) =>
    read.transaction(async (tx) => {
      for (const event of events) await projection.apply(tx, event, table);
    }),
  );
}

/**
 * What every read model's test asserts: a build from scratch into a fresh read store gives the rows
 * the incremental build gave (`before`), and offering every event once more changes nothing.
 */
export async function expectSameRowsRebuiltAndReplayed<Rows>(
  harness: ReadModelHarness,
  projection: Projection,
  build: (fresh: ReadStore) => Promise<void>,
  rows: (readStore: ReadStore) => Promise<Rows>,
  before: Rows,
): Promise<void> {
  const fresh = await harness.openFresh();
  await build(fresh);
  expect(await rows(fresh)).toEqual(before);
  await offerEveryEventAgain(harness.store, fresh, projection);
  expect(await rows(fresh)).toEqual(before);
}
