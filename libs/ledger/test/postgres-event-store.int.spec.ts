import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { StoreUnavailableError, verifyLedger, WrongExpectedRevisionError } from '../src';
import { PostgresEventStore } from '../src/postgres/postgres-event-store.adapter';
import type { ContractHarness } from './contract-harness';
import { eventStoreContract } from './event-store.contract';
import { newEvent, readWholeLog } from './fixtures';

/** Runs statements on a connection of its own, as an operator with direct database access would. */
async function asOperator<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Rewrites event rows with the append-only trigger switched off, the way a rogue DBA could. */
function asRogueDba(schema: string, ...statements: [string, unknown[]][]): Promise<void> {
  return asOperator(async (client) => {
    await client.query(`ALTER TABLE "${schema}".events DISABLE TRIGGER events_append_only`);
    for (const [sql, params] of statements) await client.query(sql, params);
  });
}

interface PostgresHarness extends ContractHarness {
  readonly store: PostgresEventStore;
  readonly schema: string;
}

async function openPostgres(): Promise<PostgresHarness> {
  const schema = uniqueSchema('ledger_contract');
  const open = () =>
    PostgresEventStore.open({ connectionString: TEST_DATABASE_URL, schema, pollIntervalMs: 20, poolSize: 8 });
  const store = await open();
  const others: PostgresEventStore[] = [];
  const events = `"${schema}".events`;
  return {
    store,
    schema,
    tamper: {
      editData: (streamId, revision, data) =>
        asRogueDba(schema, [
          `UPDATE ${events} SET data = $1 WHERE stream_id = $2 AND revision = $3`,
          [JSON.stringify(data), streamId, revision],
        ]),
      deleteEvent: (streamId, revision) =>
        asRogueDba(schema, [`DELETE FROM ${events} WHERE stream_id = $1 AND revision = $2`, [streamId, revision]]),
      swapRevisions: (streamId, a, b) =>
        asRogueDba(
          schema,
          [`UPDATE ${events} SET revision = -1 WHERE stream_id = $1 AND revision = $2`, [streamId, a]],
          [`UPDATE ${events} SET revision = $1 WHERE stream_id = $2 AND revision = $3`, [a, streamId, b]],
          [`UPDATE ${events} SET revision = $1 WHERE stream_id = $2 AND revision = -1`, [b, streamId]],
        ),
    },
    reopen: async () => {
      const other = await open();
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await store.close();
      await asOperator((client) => client.query(`DROP SCHEMA "${schema}" CASCADE`));
    },
  };
}

describeWithPostgres('PostgreSQL adapter', () => {
  eventStoreContract('PostgreSQL', openPostgres);

  describe('PostgreSQL specifics', () => {
    let harness: PostgresHarness;
    let store: PostgresEventStore;
    let schema: string;
    beforeEach(async () => {
      harness = await openPostgres();
      ({ store, schema } = harness);
    });
    afterEach(async () => harness.close());

    it('refuses to update or delete an event while the append-only trigger is on', async () => {
      await store.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
      const update = asOperator((c) => c.query(`UPDATE "${schema}".events SET type = 'B'`));
      await expect(update).rejects.toThrow(/append-only/);
      await expect(asOperator((c) => c.query(`DELETE FROM "${schema}".events`))).rejects.toThrow(/append-only/);
      await expect(asOperator((c) => c.query(`TRUNCATE "${schema}".events`))).rejects.toThrow(/append-only/);
    });

    it('keeps data as the canonical JSON that was hashed, \\u0000 and odd characters included', async () => {
      const event = newEvent('Odd', { z: 1, a: 'nul\u0000, quote " and backslash \\', emoji: '😀', big: 1e21 });
      await store.append('case-1', [event], { expectedRevision: 'no-stream' });
      const [read] = await store.readStream('case-1');
      expect(read.data).toEqual(event.data);
      expect((await verifyLedger(store)).ok).toBe(true);
    });

    it('seals correctly on a head another process moved, whatever this process remembers', async () => {
      const other = await harness.reopen();
      await store.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
      await other.append('case-1', [newEvent('B'), newEvent('C')], { expectedRevision: 0n });
      await expect(store.append('case-1', [newEvent('Stale')], { expectedRevision: 0n })).rejects.toMatchObject({
        actual: 2n,
      });
      await store.append('case-1', [newEvent('D')], { expectedRevision: 'any' });
      await other.append('case-1', [newEvent('E')], { expectedRevision: 3n });
      await store.append('case-1', [newEvent('F')], { expectedRevision: 4n });

      expect((await store.readStream('case-1')).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expect((await verifyLedger(store)).ok).toBe(true);
    });

    it('does not serialise appends to different streams', async () => {
      // Each append waits inside its transaction until the other has reached the same point.
      let arrived = 0;
      let release!: () => void;
      const bothInside = new Promise<void>((resolve) => (release = resolve));
      const gated = await PostgresEventStore.open({
        connectionString: TEST_DATABASE_URL,
        schema,
        beforeCommit: async () => {
          if (++arrived === 2) release();
          await bothInside;
        },
      });
      try {
        const appends = Promise.all([
          gated.append('case-a', [newEvent('A')], { expectedRevision: 'no-stream' }),
          gated.append('case-b', [newEvent('B')], { expectedRevision: 'no-stream' }),
        ]);
        await expect(Promise.race([appends, sleep(5000).then(() => 'serialised')])).resolves.not.toBe('serialised');
      } finally {
        await gated.close();
      }
    });

    it('gives positions in revision order within a 100-event append', async () => {
      const events = Array.from({ length: 100 }, (_, i) => newEvent('Batch', { i }));
      const result = await store.append('case-1', events, { expectedRevision: 'no-stream' });
      const read = await store.readStream('case-1');
      expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(read.map((e) => e.globalPosition)).toEqual(read.map((_, i) => result.firstPosition + BigInt(i)));
      expect((await readWholeLog(store, 33)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    });

    it('appends more events at once than one plain statement takes, through the append function', async () => {
      const events = Array.from({ length: 1_234 }, (_, i) => newEvent('Bulk', { i }));
      const result = await store.append('batch-330602001-202103', events, { expectedRevision: 'no-stream' });
      const read = await store.readStream('batch-330602001-202103');

      expect(result).toMatchObject({ firstRevision: 0n, nextExpectedRevision: 1_233n });
      expect(read.map((e) => e.globalPosition)).toEqual(read.map((_, i) => result.firstPosition + BigInt(i)));
      expect((await verifyLedger(store)).ok).toBe(true);
    });

    it('answers a retried command from the record, also in a process that never saw the stream', async () => {
      const other = await harness.reopen();
      const first = await store.append('case-1', [newEvent('A')], {
        expectedRevision: 'no-stream',
        commandId: 'cmd-1',
      });
      await store.append('case-1', [newEvent('B')], { expectedRevision: 0n });

      await expect(
        other.append('case-1', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-1' }),
      ).resolves.toEqual({ ...first, replayed: true });
      await expect(
        other.append('case-2', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-1' }),
      ).rejects.toMatchObject({ commandId: 'cmd-1', streamId: 'case-2', recordedStreamId: 'case-1' });
      expect(await store.readStream('case-1')).toHaveLength(2);
    });

    it('completes its subscriptions when it closes', async () => {
      const other = await PostgresEventStore.open({ connectionString: TEST_DATABASE_URL, schema });
      const done = new Promise<string>((resolve) =>
        other.subscribe().subscribe({ complete: () => resolve('completed'), error: () => resolve('failed') }),
      );
      await other.close();
      await expect(done).resolves.toBe('completed');
      await expect(other.append('case-1', [newEvent('A')], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
    });

    it('opens twice at once on a new schema', async () => {
      const twin = uniqueSchema('ledger_twin');
      const open = () => PostgresEventStore.open({ connectionString: TEST_DATABASE_URL, schema: twin });
      const [a, b] = await Promise.all([open(), open()]);
      try {
        await a.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
        await expect(b.append('case-1', [newEvent('B')], { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect(await b.readStream('case-1')).toHaveLength(1);
      } finally {
        await a.close();
        await b.close();
        await asOperator((c) => c.query(`DROP SCHEMA "${twin}" CASCADE`));
      }
    });

    it('names the server it cannot reach', async () => {
      const open = PostgresEventStore.open({ connectionString: 'postgres://postgres@127.0.0.1:1/test' });
      await expect(open).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(open).rejects.toMatchObject({ store: 'PostgreSQL at 127.0.0.1:1/test' });
    });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
