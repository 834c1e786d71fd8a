import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { firstValueFrom, take, toArray } from 'rxjs';
import { EsdbWireServer } from '../../../test/support/esdb-wire/esdb-wire-server';
import {
  DuplicateEventIdError,
  type RecordedEvent,
  StoreUnavailableError,
  verifyLedger,
  WrongExpectedRevisionError,
} from '../src';
import { EsdbEventStore, type EsdbEventStoreOptions } from '../src/esdb/esdb-event-store.adapter';
import type { ContractHarness } from './contract-harness';
import { eventStoreContract } from './event-store.contract';
import { newEvent, readWholeLog } from './fixtures';

interface WireHarness extends ContractHarness {
  readonly store: EsdbEventStore;
  readonly wire: EsdbWireServer;
  open(options?: Partial<EsdbEventStoreOptions>): Promise<EsdbEventStore>;
}

/**
 * The adapter through the real client library over real gRPC, against the wire-level test double
 * (test/support/esdb-wire): a fresh server per test. Tampering rewrites the double's storage, as
 * an operator with write access to a node's database files could.
 */
async function openWire(options: { batchAppend?: boolean; statsEveryMs?: number } = {}): Promise<WireHarness> {
  const wire = await EsdbWireServer.start(options);
  const opened: EsdbEventStore[] = [];
  const open = async (overrides: Partial<EsdbEventStoreOptions> = {}) => {
    const store = await EsdbEventStore.open({ connectionString: wire.connectionString, deadlineMs: 5000, ...overrides });
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    wire,
    open,
    tamper: {
      editData: async (streamId, revision, data) => wire.log.editData(streamId, revision, new TextEncoder().encode(JSON.stringify(data))),
      deleteEvent: async (streamId, revision) => wire.log.deleteEvent(streamId, revision),
      swapRevisions: async (streamId, a, b) => wire.log.swapRevisions(streamId, a, b),
    },
    reopen: () => open(),
    close: async () => {
      for (const each of opened) await each.close();
      await wire.stop();
    },
  };
}

// Every append is several round trips over real gRPC: a loaded CI machine needs more than 5 s.
jest.setTimeout(30_000);

eventStoreContract('EventStoreDB (wire-level test double, BatchAppend)', () => openWire({ statsEveryMs: 20 }));

describe('EventStoreDB adapter on the wire-level test double', () => {
  let harness: WireHarness;
  let store: EsdbEventStore;
  afterEach(async () => harness.close());

  describe('a server that offers no BatchAppend', () => {
    beforeEach(async () => {
      harness = await openWire({ batchAppend: false });
      store = harness.store;
    });

    it('appends through Append and maps its wrong-expected-version answer', async () => {
      await store.append('case-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no-stream', commandId: 'cmd-1' });
      const racing = await Promise.allSettled(
        Array.from({ length: 4 }, () => store.append('case-1', [newEvent('C')], { expectedRevision: 1n })),
      );
      const refused = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(3);
      for (const r of refused) expect(r.reason).toMatchObject({ streamId: 'case-1', expected: 1n, actual: 2n });
      expect((await verifyLedger(store)).ok).toBe(true);
    });
  });

  describe('a server that keeps writing its own events', () => {
    beforeEach(async () => {
      harness = await openWire({ statsEveryMs: 2 });
      store = harness.store;
    });

    it('keeps system events and the ledger bookkeeping out of the log, the head and subscriptions', async () => {
      const appended: string[] = [];
      for (let i = 0; i < 12; i++) {
        const event = newEvent('E');
        await store.append(`case-${i % 3}`, [event], { expectedRevision: 'any', commandId: `cmd-${i}` });
        appended.push(event.eventId);
        await sleep(3);
      }
      const live = firstValueFrom(store.subscribe().pipe(take(12), toArray()));

      expect((await readWholeLog(store, 5)).map((e) => e.eventId)).toEqual(appended);
      expect((await store.head()).eventCount).toBe(12n);
      expect((await live).map((e) => e.eventId)).toEqual(appended);
      expect(harness.wire.log.records.some((r) => r.streamId.startsWith('$stats'))).toBe(true);
    });
  });

  describe('the same server as any other', () => {
    beforeEach(async () => {
      harness = await openWire();
      store = harness.store;
    });

    it('numbers the events of one append consecutively although the server positions are byte offsets', async () => {
      const events = Array.from({ length: 1234 }, (_, i) => newEvent('Bulk', { i }));
      const result = await store.append('batch-330602001-202103', events, { expectedRevision: 'no-stream' });
      const read = await store.readStream('batch-330602001-202103', { fromRevision: 500n, maxCount: 3 });
      const log = await readWholeLog(store, 333);

      expect(read.map((e) => e.globalPosition)).toEqual([500n, 501n, 502n].map((i) => result.firstPosition + i));
      expect(log.map((e) => e.globalPosition)).toEqual(log.map((_, i) => result.firstPosition + BigInt(i)));
      const serverPositions = harness.wire.log.records.filter((r) => !r.streamId.startsWith('$')).map((r) => r.position);
      expect(serverPositions[1] - serverPositions[0]).toBeGreaterThan(1n);
      expect((await verifyLedger(store)).ok).toBe(true);
    }, 120_000);

    it('keeps data as the canonical JSON that was hashed, odd characters included', async () => {
      const data = { z: 1, a: 'nul\u0000, quote " and backslash \\', emoji: '😀', big: 1e21 };
      const event = newEvent('Odd', data);
      await store.append('case-1', [event], { expectedRevision: 'no-stream' });
      const [read] = await store.readStream('case-1');
      expect(read.data).toEqual(event.data);
      const stored = harness.wire.log.records.find((r) => r.streamId === 'case-1');
      expect(Buffer.from(stored!.data).toString()).toBe(JSON.stringify({ a: data.a, big: 1e21, emoji: '😀', z: 1 }));
      expect((await verifyLedger(store)).ok).toBe(true);
    });

    it('resumes a subscription after the server dropped every connection, with no gap and no duplicate', async () => {
      const other = await harness.reopen();
      const received: RecordedEvent[] = [];
      const subscription = store.subscribe().subscribe((event) => received.push(event));
      try {
        for (let i = 0; i < 5; i++) await other.append('case-1', [newEvent('Before')], { expectedRevision: 'any' });
        await waitFor(() => received.length === 5);
        await harness.wire.restart();
        for (let i = 0; i < 5; i++) await other.append('case-2', [newEvent('After')], { expectedRevision: 'any' });
        await waitFor(() => received.length >= 10);
        await sleep(100);

        expect(received.map((e) => e.eventId)).toEqual((await readWholeLog(store)).map((e) => e.eventId));
        expect(received).toHaveLength(10);
      } finally {
        subscription.unsubscribe();
      }
    });

    it('fails a call within its deadline when the server stops answering, and recovers when it answers again', async () => {
      const quick = await harness.open({ deadlineMs: 300 });
      await quick.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
      harness.wire.stall();
      const started = Date.now();
      const stalled = quick.append('case-1', [newEvent('B')], { expectedRevision: 0n });
      await expect(stalled).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(stalled).rejects.toMatchObject({ store: `EventStoreDB at ${harness.wire.address}` });
      // The deadline plus what a loaded machine needs to notice it, far from the hang it replaces.
      expect(Date.now() - started).toBeLessThan(300 + 2500);

      harness.wire.resume();
      await quick.append('case-1', [newEvent('C')], { expectedRevision: 0n });
      expect((await quick.readStream('case-1')).map((e) => e.type)).toEqual(['A', 'C']);
    });

    it('keeps its subscriptions when a call of the same store runs out of time', async () => {
      const quick = await harness.open({ deadlineMs: 300 });
      const other = await harness.reopen();
      const received: RecordedEvent[] = [];
      const subscription = quick.subscribe().subscribe((event) => received.push(event));
      try {
        await other.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
        await waitFor(() => received.length === 1);
        harness.wire.stall();
        await expect(quick.append('case-2', [newEvent('B')], { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(
          StoreUnavailableError,
        );
        harness.wire.resume();
        await other.append('case-1', [newEvent('C')], { expectedRevision: 0n });
        await waitFor(() => received.length === 2);
        expect(received.map((e) => e.type)).toEqual(['A', 'C']);
      } finally {
        subscription.unsubscribe();
      }
    });

    it('refuses an event id reserved by a writer in flight, and takes it over once the lease ran out', async () => {
      const eventId = '5a1f3a6e-8d0e-4f5a-9b7e-2f1c0d9e8a71';
      await reserveAsADeadWriter(harness.wire, eventId, 'case-9');
      const attempt = () => store.append('case-1', [newEvent('A', {}, eventId)], { expectedRevision: 'any' });
      await expect(attempt()).rejects.toBeInstanceOf(DuplicateEventIdError);

      const later = await harness.open({ now: () => new Date(Date.now() + 10 * 60_000) });
      await later.append('case-1', [newEvent('A', {}, eventId)], { expectedRevision: 'any' });
      await expect(later.append('case-2', [newEvent('A', {}, eventId)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
    });

    it('goes ahead with a command whose first attempt claimed it and died before appending', async () => {
      await claimAsADeadWriter(harness.wire, 'cmd-1', 'case-1');
      expect(await store.findCommand('cmd-1')).toBeUndefined();

      const first = await store.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream', commandId: 'cmd-1' });
      const retry = await store.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream', commandId: 'cmd-1' });
      expect(first.replayed).toBe(false);
      expect(retry).toEqual({ ...first, replayed: true });
    });

    it('gives a command retried after a wrong revision a fresh attempt', async () => {
      await store.append('case-1', [newEvent('A')], { expectedRevision: 'no-stream' });
      await expect(store.append('case-1', [newEvent('B')], { expectedRevision: 5n, commandId: 'cmd-2' })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const result = await store.append('case-1', [newEvent('B')], { expectedRevision: 0n, commandId: 'cmd-2' });
      expect(result).toMatchObject({ firstRevision: 1n, replayed: false });
      expect(await store.findCommand('cmd-2')).toEqual({ ...result, replayed: true });
    });

    it('counts the log once: a process that opens later starts from the count another one left', async () => {
      const counting = await harness.open({ countSnapshotEvery: 5 });
      for (let i = 0; i < 7; i++) await counting.append(`case-${i}`, [newEvent('E')], { expectedRevision: 'no-stream' });
      expect(await counting.head()).toMatchObject({ eventCount: 7n });
      expect(harness.wire.log.records.filter((r) => r.streamId === '$ledger-count')).toHaveLength(1);

      // Were the log counted again from its start, the event taken away would show.
      harness.wire.log.deleteEvent('case-0', 0n);
      await store.append('case-7', [newEvent('E')], { expectedRevision: 'no-stream' });
      const later = await harness.open();
      expect(await later.head()).toMatchObject({ eventCount: 8n, checkpoint: (await readWholeLog(later)).at(-1)!.checkpoint });
    });

    it('refuses stream ids and event types in the server namespace', async () => {
      await expect(store.append('$ledger-heads', [newEvent('A')], { expectedRevision: 'any' })).rejects.toMatchObject({
        field: 'streamId',
      });
      await expect(store.append('case-1', [newEvent('$metadata')], { expectedRevision: 'any' })).rejects.toMatchObject({
        field: 'events[0].type',
      });
    });

    it('completes its subscriptions when it closes', async () => {
      const other = await harness.reopen();
      const done = new Promise<string>((resolve) =>
        other.subscribe().subscribe({ complete: () => resolve('completed'), error: () => resolve('failed') }),
      );
      await other.close();
      await expect(done).resolves.toBe('completed');
      await expect(other.append('case-1', [newEvent('A')], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
    });

    it('names the server it cannot reach', async () => {
      const open = EsdbEventStore.open({ connectionString: 'esdb://127.0.0.1:1?tls=false', deadlineMs: 2000 });
      await expect(open).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(open).rejects.toMatchObject({ store: 'EventStoreDB at 127.0.0.1:1' });
    });
  });
});

/** A reservation of an event id whose writer died before appending, written with the bare client. */
async function reserveAsADeadWriter(wire: EsdbWireServer, eventId: string, streamId: string): Promise<void> {
  await writeRaw(wire, `$ledger-event-${eventId}`, '$ledger-claimed', { streamId, fromRevision: '0' });
}

async function claimAsADeadWriter(wire: EsdbWireServer, commandId: string, streamId: string): Promise<void> {
  await writeRaw(wire, `$ledger-command-${commandId}`, '$ledger-claimed', { streamId, fromRevision: '0' });
}

async function writeRaw(wire: EsdbWireServer, stream: string, type: string, data: Record<string, string>): Promise<void> {
  const client = EventStoreDBClient.connectionString(wire.connectionString);
  try {
    await client.appendToStream(stream, [jsonEvent({ type, data })], { expectedRevision: 'no_stream' });
  } finally {
    await client.dispose();
    const channel = await (client as unknown as { getChannel(): Promise<{ close(): void }> }).getChannel();
    channel.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
