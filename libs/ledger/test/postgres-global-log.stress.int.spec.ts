import { Client } from 'pg';
import type { Subscription } from 'rxjs';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { LOG_START, type RecordedEvent, verifyLedger, WrongExpectedRevisionError } from '../src';
import { PostgresEventStore } from '../src/postgres/postgres-event-store.adapter';
import { newEvent } from './fixtures';

const WRITERS = 8;
const APPENDS_PER_WRITER = 200;
const STREAMS_PER_WRITER = 4;

async function onAdminConnection<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

describeWithPostgres('PostgreSQL global log under concurrent writers', () => {
  let schema: string;
  const stores: PostgresEventStore[] = [];
  const open = async (beforeCommit?: () => Promise<void>) => {
    const store = await PostgresEventStore.open({
      connectionString: TEST_DATABASE_URL,
      schema,
      pollIntervalMs: 20,
      beforeCommit,
    });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    schema = uniqueSchema('ledger_stress');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await onAdminConnection((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });

  it('delivers every acknowledged event once, in increasing checkpoints, while commits land out of order', async () => {
    // Random waits before COMMIT: a transaction that took a later position often commits first.
    const writer = await open(() => sleep(Math.random() * 30));
    const elsewhere = await open();
    const local: RecordedEvent[] = [];
    const remote: RecordedEvent[] = [];
    const failures: unknown[] = [];
    const subscriptions: Subscription[] = [
      writer.subscribe({ pageSize: 100 }).subscribe({ next: (e) => local.push(e), error: (e) => failures.push(e) }),
      elsewhere.subscribe({ pageSize: 100 }).subscribe({ next: (e) => remote.push(e), error: (e) => failures.push(e) }),
    ];

    const acknowledged = new Set<string>();
    const refused = new Set<string>();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const revisions = new Map<string, bigint>();
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const streamId = `household-${w}-${i % STREAMS_PER_WRITER}`;
          const current = revisions.get(streamId);
          // Now and then a writer expects a stream it has already written to not to exist.
          const stale = current !== undefined && i % 10 === 9;
          const events = Array.from({ length: 1 + (i % 3) }, () => newEvent('PaymentDisbursed', { w, i }));
          try {
            const result = await writer.append(streamId, events, {
              expectedRevision: stale || current === undefined ? 'no-stream' : current,
            });
            revisions.set(streamId, result.nextExpectedRevision);
            for (const event of events) acknowledged.add(event.eventId);
          } catch (error) {
            if (!stale || !(error instanceof WrongExpectedRevisionError)) throw error;
            for (const event of events) refused.add(event.eventId);
          }
        }
      }),
    );
    await waitFor(() => local.length >= acknowledged.size && remote.length >= acknowledged.size, 20_000);
    await sleep(200); // anything delivered twice would arrive now
    subscriptions.forEach((subscription) => subscription.unsubscribe());

    expect(failures).toEqual([]);
    expect(refused.size).toBeGreaterThan(0);
    for (const delivered of [local, remote]) {
      const ids = delivered.map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => !acknowledged.has(id))).toEqual([]);
      expect([...acknowledged].filter((id) => !ids.includes(id))).toEqual([]);
      const misordered = delivered.filter((e, i) => i > 0 && e.checkpoint <= delivered[i - 1].checkpoint);
      expect(misordered).toEqual([]);
    }
    expect(remote.map((e) => e.eventId)).toEqual(local.map((e) => e.eventId));
    // The run did exercise the sequence-gap problem: positions were delivered out of order.
    const overtaken = local.filter((e, i) => i > 0 && e.globalPosition < local[i - 1].globalPosition);
    expect(overtaken.length).toBeGreaterThan(0);
    expect((await verifyLedger(elsewhere)).ok).toBe(true);
  }, 60_000);

  it('a reader by position alone skips an event that commits late; readAll delivers it in order', async () => {
    let hold: Promise<void> | undefined;
    let holding!: () => void;
    const slowIsWaiting = new Promise<void>((resolve) => (holding = resolve));
    const writer = await open(async () => {
      const gate = hold;
      hold = undefined;
      if (gate) {
        holding();
        await gate;
      }
    });
    const reader = await open();
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));

    const slow = writer.append('case-slow', [newEvent('Slow')], { expectedRevision: 'no-stream' });
    await slowIsWaiting; // Slow holds its position, uncommitted
    const fast = await writer.append('case-fast', [newEvent('Fast')], { expectedRevision: 'no-stream' });
    const naive = (after: bigint) =>
      onAdminConnection(async (client) =>
        (
          await client.query<{ global_position: string; type: string }>(
            `SELECT global_position, type FROM "${schema}".events WHERE global_position > $1 ORDER BY global_position`,
            [after],
          )
        ).rows,
      );

    const naiveFirst = await naive(0n);
    const whileSlowIsOpen = await reader.readAll({ from: LOG_START });
    release();
    const slowResult = await slow;
    const naiveAfter = await naive(BigInt(naiveFirst[naiveFirst.length - 1].global_position));
    const afterCommit = await reader.readAll({ from: whileSlowIsOpen.next });

    expect(slowResult.firstPosition).toBeLessThan(fast.firstPosition);
    expect(naiveFirst.map((row) => row.type)).toEqual(['Fast']);
    expect(naiveAfter).toEqual([]); // Slow is never seen by the naive reader
    expect(whileSlowIsOpen.events).toEqual([]);
    expect(afterCommit.events.map((e) => e.type)).toEqual(['Slow', 'Fast']);
  });
});
