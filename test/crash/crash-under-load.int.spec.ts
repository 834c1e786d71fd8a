import { createEventStore } from '@app/ledger/create-event-store';
import { type EventStore, type RecordedEvent, verifyLedger } from '@app/ledger';
import { eventLeafHash, MerkleFrontier } from '@app/integrity';
import { type AppConfig, commandIdFor, loadConfig, SystemClock, toEventStoreConfig } from '@app/platform';
import { createReadStore, ProjectionRunner, type ReadStore } from '@app/projections';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ALL_PROJECTIONS } from '../../apps/api/src/projections';
import { application, residentId } from '../support/case-world';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../support/postgres';
import { bearer } from '../support/tokens';
import { ensureBuilt, kill, type RunningApi, startApi } from './api-process';

const CLIENTS = 64;
/** SIGKILL once this many commands were acknowledged (or after KILL_AFTER_MS), mid-stream. */
const KILL_AFTER_ACKS = 400;
const KILL_AFTER_MS = 20_000;
const TOWNSHIP = '330602001';

jest.setTimeout(10 * 60_000);

interface Acknowledged {
  readonly sub: string;
  readonly key: string;
  readonly path: string;
  readonly body: object;
  readonly status: number;
  readonly responseBody: unknown;
}

interface Scenario {
  readonly env: Record<string, string>;
  readonly config: AppConfig;
  /** A read store no server writes, for the clean rebuild. */
  freshReadStore(): Promise<ReadStore>;
  cleanup(): Promise<void>;
}

function crashSuite(makeScenario: () => Promise<Scenario>): void {
  let scenario: Scenario;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    ensureBuilt();
    scenario = await makeScenario();
  });
  afterAll(async () => {
    if (api) await kill(api);
    await scenario?.cleanup();
  });

  it('loses no acknowledged command, appends none twice, and catches up to a clean rebuild', async () => {
    api = await startApi(scenario.env);
    const clock = new SystemClock();
    const admin = await bearer(scenario.config, clock, { sub: 'crash-admin', roles: ['admin'], unit: '3306' });
    const clerk = await bearer(scenario.config, clock, { sub: 'crash-clerk', roles: ['intake-clerk'], unit: TOWNSHIP });
    const acknowledged: Acknowledged[] = [];
    const statuses = new Map<string, number>();
    let sequence = 0;
    let stop = false;

    const client = async (n: number) => {
      const url = api!.url;
      while (!stop) {
        const seq = sequence++;
        const key = randomUUID();
        const asCase = seq % 2 === 0;
        const sub = asCase ? 'crash-clerk' : 'crash-admin';
        const path = asCase ? '/cases' : '/officials';
        const body = asCase
          ? application(TOWNSHIP, [{ relation: 'applicant', personal: { name: `申请人${seq}`, idNumber: applicantId(seq) } }])
          : { officialId: `crash-${n}-${seq}`, roles: ['intake-clerk'], unit: TOWNSHIP, personal: { name: `工作人员${seq}` } };
        try {
          const response = await fetch(url + path, {
            method: 'POST',
            headers: { Authorization: asCase ? clerk : admin, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          statuses.set(String(response.status), (statuses.get(String(response.status)) ?? 0) + 1);
          if (response.ok) acknowledged.push({ sub, key, path, body, status: response.status, responseBody: JSON.parse(text) });
        } catch {
          statuses.set('no answer', (statuses.get('no answer') ?? 0) + 1);
          return; // the server is gone: what was in flight has an unknown fate, which is allowed
        }
      }
    };

    const started = Date.now();
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    while (acknowledged.length < KILL_AFTER_ACKS && Date.now() - started < KILL_AFTER_MS) await sleep(20);
    await kill(api); // mid-load: 64 requests are in flight
    stop = true;
    await load;
    const acksAtKill = acknowledged.length;
    expect(acksAtKill).toBeGreaterThan(0);

    api = await startApi(scenario.env);
    const store = await createEventStore(toEventStoreConfig(scenario.config));
    try {
      // Every acknowledged command is in the log exactly once.
      const events = await readWholeLog(store);
      const byCommand = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const id = event.metadata.commandId;
        byCommand.set(id, [...(byCommand.get(id) ?? []), event]);
      }
      for (const ack of acknowledged) {
        const found = byCommand.get(commandIdFor(ack.sub, ack.key)) ?? [];
        expect({ key: ack.key, streams: [...new Set(found.map((e) => e.streamId))] }).toEqual({
          key: ack.key,
          streams: [expect.any(String)],
        });
        expect(found.every((e) => e.revision === 0n)).toBe(true);
      }
      // A retry after the restart gets the first result and appends nothing.
      const before = events.length;
      for (const ack of acknowledged.slice(0, 20)) {
        const retry = await fetch(api.url + ack.path, {
          method: 'POST',
          headers: { Authorization: ack.sub === 'crash-clerk' ? clerk : admin, 'Content-Type': 'application/json', 'Idempotency-Key': ack.key },
          body: JSON.stringify(ack.body),
        });
        expect(retry.status).toBe(ack.status);
        // The recorded result: the same events at the same revision (state is read now, with its asOf).
        const { events: replayedEvents, revision, replayed } = (await retry.json()) as Record<string, unknown>;
        const first = ack.responseBody as Record<string, unknown>;
        expect({ events: replayedEvents, revision, replayed }).toEqual({ events: first.events, revision: first.revision, replayed: true });
      }
      expect((await readWholeLog(store)).length).toBe(before);

      // The hash chains verify.
      const report = await verifyLedger(store);
      expect(report.breaks).toEqual([]);
      expect(report.ok).toBe(true);

      // The projections and the notary catch up after the restart.
      const health = await caughtUp(api.url, events.length);
      expect(health.projections.every((p) => p.state === 'live' && p.lag === 0)).toBe(true);

      // The served read models equal a clean rebuild from the same log into fresh tables.
      const fresh = await scenario.freshReadStore();
      const runner = new ProjectionRunner({ store, readStore: fresh, projections: ALL_PROJECTIONS });
      try {
        await runner.start();
        for (const p of ALL_PROJECTIONS) await runner.waitFor(p.name, (await store.head()).checkpoint, 60_000);
        const served = await createReadStore(readStoreConfigOf(scenario));
        try {
          expect(await dumpReadModels(served)).toEqual(await dumpReadModels(fresh));
        } finally {
          await served.close();
        }
      } finally {
        await runner.dispose();
        await fresh.close();
      }

      // Every tree head the notary signed, before and after the crash, has the root of the log at its size.
      const heads = await treeHeads(api.url, admin);
      expect(heads.length).toBeGreaterThan(0);
      const frontier = new MerkleFrontier();
      const rootAt = new Map<number, string>();
      for (const event of events) {
        frontier.append(eventLeafHash(event.integrity.hash));
        rootAt.set(frontier.size, frontier.root().toString('hex'));
      }
      for (const head of heads) expect({ size: head.treeSize, root: head.rootHash }).toEqual({ size: head.treeSize, root: rootAt.get(head.treeSize) });
      expect(health.notary.treeSize).toBe(events.length);

      console.log(
        `crash (${scenario.config.store.kind}): ${acknowledged.length} acknowledged commands checked ` +
          `(${acksAtKill} before SIGKILL; responses ${JSON.stringify(Object.fromEntries(statuses))}), ` +
          `${events.length} events in the log, ${report.streamsChecked} chains verified, ${heads.length} tree heads checked`,
      );
    } finally {
      await store.close();
    }
  });
}

/** A distinct, valid resident ID per command: birthdays from 1 January 1950 on. */
function applicantId(seq: number): string {
  const birthday = new Date(Date.UTC(1950, 0, 1) + seq * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return residentId(`330602${birthday}${String(100 + (seq % 800)).padStart(3, '0')}`);
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from;
  for (;;) {
    const page = await store.readAll({ from, maxCount: 1000 });
    events.push(...page.events);
    from = page.next;
    if (page.isEnd) return events;
  }
}

interface HealthBody {
  log: { eventCount: number };
  projections: { name: string; state: string; lag: number }[];
  notary: { state: string; treeSize: number; signedTreeSize: number; lag: number };
}

async function caughtUp(url: string, eventCount: number): Promise<HealthBody> {
  const deadline = Date.now() + 120_000;
  let last: HealthBody | undefined;
  while (Date.now() < deadline) {
    last = (await (await fetch(`${url}/health`)).json()) as HealthBody;
    const done =
      last.log.eventCount >= eventCount &&
      last.projections.every((p) => p.lag === 0) &&
      last.notary.lag === 0 &&
      last.notary.signedTreeSize === last.log.eventCount;
    if (done) return last;
    await sleep(200);
  }
  throw new Error(`projections and notary did not catch up: ${JSON.stringify(last)}`);
}

async function treeHeads(url: string, auth: string): Promise<{ treeSize: number; rootHash: string }[]> {
  const heads: { treeSize: number; rootHash: string }[] = [];
  let fromSize: number | undefined = 0;
  while (fromSize !== undefined) {
    const response = await fetch(`${url}/integrity/tree-heads?fromSize=${fromSize}&limit=100`, { headers: { Authorization: auth } });
    if (!response.ok) throw new Error(`tree heads: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { treeHeads: { treeSize: number; rootHash: string }[]; nextFromSize: number | null };
    heads.push(...page.treeHeads);
    fromSize = page.nextFromSize ?? undefined;
  }
  return heads;
}

function readStoreConfigOf(scenario: Scenario) {
  const { config } = scenario;
  return config.store.kind === 'sqlite'
    ? { kind: 'sqlite' as const, file: join(config.dataDir, 'read.sqlite') }
    : { kind: 'postgres' as const, connectionString: TEST_DATABASE_URL, schema: `${(config.store as { schema: string }).schema}_read` };
}

/** The rows of every projection table, keyed by table name without its generation, sorted. */
async function dumpReadModels(store: ReadStore): Promise<Record<string, string[]>> {
  const tables =
    store.dialect === 'sqlite'
      ? (await store.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r) => r.name)
      : (await store.all<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`)).map((r) => r.name);
  const dump: Record<string, string[]> = {};
  for (const table of tables.filter((t) => /_v\d+_g\d+_/.test(t))) {
    const rows = await store.all(`SELECT * FROM ${table}`);
    dump[table.replace(/_g\d+_/, '_g*_')] = rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  }
  return dump;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the API on SQLite, SIGKILLed under 64 concurrent clients', () => {
  crashSuite(async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-crash-sqlite-'));
    const env = { LEDGER_DATA_DIR: join(root, 'data'), LEDGER_STORE: 'sqlite', LEDGER_TREE_HEAD_EVERY_EVENTS: '50', LEDGER_TREE_HEAD_EVERY_SECONDS: '1' };
    return {
      env,
      config: loadConfig(env),
      freshReadStore: () => createReadStore({ kind: 'sqlite', file: join(root, 'fresh-read.sqlite') }),
      cleanup: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});

describeWithPostgres('the API on PostgreSQL, SIGKILLed under 64 concurrent clients', () => {
  crashSuite(async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-crash-pg-'));
    const schema = uniqueSchema('crash');
    const env = {
      LEDGER_DATA_DIR: join(root, 'data'),
      LEDGER_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      LEDGER_PG_SCHEMA: schema,
      LEDGER_TREE_HEAD_EVERY_EVENTS: '50',
      LEDGER_TREE_HEAD_EVERY_SECONDS: '1',
    };
    return {
      env,
      config: loadConfig(env),
      freshReadStore: () => createReadStore({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema: `${schema}_fresh` }),
      cleanup: async () => {
        rmSync(root, { recursive: true, force: true });
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          for (const s of [schema, `${schema}_read`, `${schema}_fresh`]) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  });
});
