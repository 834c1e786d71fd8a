import { firstValueFrom, take, toArray } from 'rxjs';
import {
  CommandIdConflictError,
  DuplicateEventIdError,
  type EventStore,
  GENESIS_HASH,
  hashEvent,
  InvalidEventError,
  LOG_START,
  type RecordedEvent,
  StreamNotFoundError,
  verifyLedger,
  WrongExpectedRevisionError,
} from '../src';
import type { ContractHarness } from './contract-harness';
import { appendN, newEvent, readWholeLog } from './fixtures';

/** The behaviour every adapter of the event-store port must have. */
export function eventStoreContract(name: string, open: () => Promise<ContractHarness>): void {
  describe(`${name} event store`, () => {
    let harness: ContractHarness;
    let store: EventStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(async () => harness.close());

    describe('appending to a new stream', () => {
      it('records the full envelope, chained from the genesis hash', async () => {
        const first = newEvent('ApplicationSubmitted', { applicant: '张三', members: [{ age: 42 }], note: 'é\u2028' });
        const result = await store.append('case-1', [first], { expectedRevision: 'no-stream' });
        const [event] = await store.readStream('case-1');

        expect(result).toMatchObject({ streamId: 'case-1', firstRevision: 0n, nextExpectedRevision: 0n, replayed: false });
        expect(event).toMatchObject({
          eventId: first.eventId,
          streamId: 'case-1',
          revision: 0n,
          globalPosition: result.firstPosition,
          checkpoint: result.checkpoint,
          type: 'ApplicationSubmitted',
          schemaVersion: 1,
          data: first.data,
          metadata: first.metadata,
        });
        expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
        expect(event.integrity.prevHash).toBe(GENESIS_HASH);
        expect(event.integrity.hash).toBe(hashEvent({ ...event, prevHash: GENESIS_HASH }));
      });

      it('gives a multi-event append consecutive revisions and positions, each linked to the last', async () => {
        const result = await store.append('case-1', [newEvent('A'), newEvent('B'), newEvent('C')], {
          expectedRevision: 'no-stream',
        });
        const events = await store.readStream('case-1');

        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(events.map((e) => e.globalPosition)).toEqual([
          result.firstPosition,
          result.firstPosition + 1n,
          result.firstPosition + 2n,
        ]);
        expect(result.lastPosition).toBe(result.firstPosition + 2n);
        expect(events[1].integrity.prevHash).toBe(events[0].integrity.hash);
        expect(events[2].integrity.prevHash).toBe(events[1].integrity.hash);
      });
    });

    describe('optimistic concurrency on a stream of k events', () => {
      const k = 3n;
      beforeEach(async () => appendN(store, 'case-1', Number(k)));

      it('rejects a stale expectation (k-1) with the stream and both revisions', async () => {
        const rejected = store.append('case-1', [newEvent('Late')], { expectedRevision: k - 2n });
        await expect(rejected).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(rejected).rejects.toMatchObject({ streamId: 'case-1', expected: k - 2n, actual: k - 1n });
      });

      it('accepts the current revision', async () => {
        const result = await store.append('case-1', [newEvent('OnTime')], { expectedRevision: k - 1n });
        expect(result.nextExpectedRevision).toBe(k);
      });

      it('rejects an expectation ahead of the stream', async () => {
        await expect(
          store.append('case-1', [newEvent('Ahead')], { expectedRevision: k + 5n }),
        ).rejects.toMatchObject({ streamId: 'case-1', expected: k + 5n, actual: k - 1n });
      });

      it("rejects 'no-stream' on an existing stream and an exact revision on a missing one", async () => {
        await expect(
          store.append('case-1', [newEvent('X')], { expectedRevision: 'no-stream' }),
        ).rejects.toMatchObject({ expected: 'no-stream', actual: k - 1n });
        await expect(
          store.append('case-2', [newEvent('X')], { expectedRevision: 0n }),
        ).rejects.toMatchObject({ streamId: 'case-2', expected: 0n, actual: 'no-stream' });
      });

      it("appends with 'any' whatever the revision", async () => {
        const result = await store.append('case-1', [newEvent('Whatever')], { expectedRevision: 'any' });
        expect(result.firstRevision).toBe(k);
      });

      it('leaves no trace of a rejected append: events, log, stream index, command and event ids', async () => {
        const before = await store.head();
        const refused = newEvent('Refused');
        await expect(
          store.append('case-1', [refused], { expectedRevision: k + 5n, commandId: 'cmd-refused' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);

        expect(await store.head()).toEqual(before);
        expect((await store.readStream('case-1')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(await store.findCommand('cmd-refused')).toBeUndefined();
        const heads = await collect(store.streamHeads());
        expect(heads).toEqual([expect.objectContaining({ streamId: 'case-1', revision: k - 1n })]);
        // The refused event id and command id are still free.
        await store.append('case-1', [refused], { expectedRevision: k - 1n, commandId: 'cmd-refused' });
        expect((await verifyLedger(store)).ok).toBe(true);
      });

      it('lets exactly one of several writers expecting the same revision win', async () => {
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append('case-1', [newEvent('Race')], { expectedRevision: k - 1n })),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        for (const a of attempts.filter((a) => a.status === 'rejected')) {
          expect((a as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream('case-1')).toHaveLength(Number(k) + 1);
      });
    });

    describe('atomicity and validation', () => {
      it('appends none of the events when one of them is refused', async () => {
        await appendN(store, 'case-1', 1);
        const existing = (await store.readStream('case-1'))[0].eventId;
        const duplicate = newEvent('Dup', {}, existing);
        const attempt = store.append('case-2', [newEvent('A'), duplicate], { expectedRevision: 'no-stream' });

        await expect(attempt).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(attempt).rejects.toMatchObject({ eventId: existing });
        await expect(store.readStream('case-2')).rejects.toBeInstanceOf(StreamNotFoundError);
        expect((await store.head()).eventCount).toBe(1n);
      });

      it('refuses an empty append and data that is not a JSON object, naming the field', async () => {
        await expect(store.append('case-1', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidEventError);
        const bad = { ...newEvent('Bad'), data: 'text' as unknown as Record<string, unknown> };
        await expect(store.append('case-1', [bad], { expectedRevision: 'any' })).rejects.toMatchObject({
          field: 'events[0].data',
        });
        expect((await store.head()).eventCount).toBe(0n);
      });
    });

    describe('idempotent commands', () => {
      it('never appends the same command twice; the retry gets the first result', async () => {
        const first = await store.append('case-1', [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no-stream',
          commandId: 'cmd-1',
        });
        const retry = await store.append('case-1', [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no-stream',
          commandId: 'cmd-1',
        });

        expect(retry).toEqual({ ...first, replayed: true });
        expect(await store.findCommand('cmd-1')).toEqual({ ...first, replayed: true });
        expect(await store.readStream('case-1')).toHaveLength(2);
      });

      it('appends once when the same command arrives twice at the same moment', async () => {
        const [a, b] = await Promise.all([
          store.append('case-1', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-twin' }),
          store.append('case-1', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-twin' }),
        ]);
        expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
        expect(a.firstPosition).toBe(b.firstPosition);
        expect(await store.readStream('case-1')).toHaveLength(1);
      });

      it('refuses a command id already used for another stream', async () => {
        await store.append('case-1', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-1' });
        await expect(
          store.append('case-2', [newEvent('A')], { expectedRevision: 'any', commandId: 'cmd-1' }),
        ).rejects.toBeInstanceOf(CommandIdConflictError);
      });
    });

    describe('reading a stream', () => {
      beforeEach(async () => appendN(store, 'case-1', 10));
      const revisions = (events: RecordedEvent[]) => events.map((e) => Number(e.revision));

      it('reads forwards over a revision range', async () => {
        expect(revisions(await store.readStream('case-1', { fromRevision: 3n, toRevision: 6n }))).toEqual([3, 4, 5, 6]);
        expect(revisions(await store.readStream('case-1', { fromRevision: 8n }))).toEqual([8, 9]);
        expect(revisions(await store.readStream('case-1', { maxCount: 2 }))).toEqual([0, 1]);
      });

      it('reads backwards from the end or from a revision', async () => {
        expect(revisions(await store.readStream('case-1', { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
        expect(
          revisions(await store.readStream('case-1', { direction: 'backwards', fromRevision: 4n, toRevision: 2n })),
        ).toEqual([4, 3, 2]);
      });

      it('says a stream that was never written does not exist', async () => {
        const read = store.readStream('case-unknown');
        await expect(read).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(read).rejects.toMatchObject({ streamId: 'case-unknown' });
      });
    });

    describe('the global log', () => {
      it('holds every event once, in append order, across streams and pages', async () => {
        const appended: string[] = [];
        for (let i = 0; i < 25; i++) {
          const event = newEvent('E');
          await store.append(`case-${i % 4}`, [event], { expectedRevision: 'any' });
          appended.push(event.eventId);
        }
        const log = await readWholeLog(store, 7);

        expect(log.map((e) => e.eventId)).toEqual(appended);
        const checkpoints = log.map((e) => e.checkpoint);
        expect([...checkpoints].sort()).toEqual(checkpoints);
        expect(new Set(checkpoints).size).toBe(checkpoints.length);
        const head = await store.head();
        expect(head).toMatchObject({ eventCount: 25n, checkpoint: checkpoints[24], lastPosition: log[24].globalPosition });
      });

      it('returns an empty last page that stays where it was', async () => {
        await appendN(store, 'case-1', 3);
        const page = await store.readAll({ from: LOG_START, maxCount: 10 });
        const after = await store.readAll({ from: page.next, maxCount: 10 });
        expect(page.events).toHaveLength(3);
        expect(after).toEqual({ events: [], next: page.next, isEnd: true });
      });
    });

    describe('subscriptions', () => {
      it('catch up, then go live, with no gap and no duplicate at the hand-over', async () => {
        await appendN(store, 'case-1', 30);
        const received = firstValueFrom(store.subscribe({ pageSize: 7 }).pipe(take(60), toArray()));
        // Writes racing the catch-up: some land before the subscription reaches the end, some after.
        for (let i = 0; i < 30; i++) await store.append(`case-${i % 3}`, [newEvent('Live')], { expectedRevision: 'any' });
        const events = await received;

        expect(events.map((e) => e.eventId)).toEqual((await readWholeLog(store)).map((e) => e.eventId));
      });

      it('resume after a checkpoint', async () => {
        await appendN(store, 'case-1', 5);
        const log = await readWholeLog(store);
        const rest = await firstValueFrom(store.subscribe({ from: log[1].checkpoint }).pipe(take(3), toArray()));
        expect(rest.map((e) => e.eventId)).toEqual(log.slice(2).map((e) => e.eventId));
      });

      it('see appends made through another connection to the same store', async () => {
        const other = await harness.reopen();
        const received = firstValueFrom(store.subscribe().pipe(take(2), toArray()));
        await other.append('case-9', [newEvent('FromElsewhere'), newEvent('Again')], { expectedRevision: 'no-stream' });
        expect((await received).map((e) => e.type)).toEqual(['FromElsewhere', 'Again']);
      });
    });

    describe('the hash chain', () => {
      beforeEach(async () => {
        for (let i = 0; i < 4; i++) {
          await appendN(store, 'case-a', 1);
          await appendN(store, 'case-b', 1);
        }
      });
      const positionOf = async (streamId: string, revision: bigint) =>
        (await store.readStream(streamId, { fromRevision: revision, maxCount: 1 }))[0].globalPosition;

      it('verifies an intact ledger', async () => {
        const report = await verifyLedger(store);
        expect(report).toMatchObject({ ok: true, eventsChecked: 8n, streamsChecked: 2, breaks: [] });
      });

      it('names an event whose data was edited', async () => {
        const position = await positionOf('case-b', 1n);
        const stored = (await store.readStream('case-b', { fromRevision: 1n, maxCount: 1 }))[0];
        await harness.tamper.editData('case-b', 1n, { amountCents: 99_999_00 });
        const report = await verifyLedger(store);

        expect(report.ok).toBe(false);
        expect(report.breaks).toHaveLength(1);
        expect(report.breaks[0]).toMatchObject({
          kind: 'hash-mismatch',
          streamId: 'case-b',
          revision: 1n,
          globalPosition: position,
          found: stored.integrity.hash,
        });
        expect(report.breaks[0].expected).not.toBe(stored.integrity.hash);
      });

      it('names the gap a deleted event leaves, and a deleted tail', async () => {
        const deleted = (await store.readStream('case-a', { fromRevision: 1n, maxCount: 1 }))[0];
        const next = await positionOf('case-a', 2n);
        await harness.tamper.deleteEvent('case-a', 1n);
        await harness.tamper.deleteEvent('case-b', 3n);
        const report = await verifyLedger(store);

        expect(report.breaks).toEqual([
          expect.objectContaining({
            kind: 'revision-gap',
            streamId: 'case-a',
            revision: 2n,
            globalPosition: next,
            found: deleted.integrity.hash,
          }),
          expect.objectContaining({ kind: 'head-mismatch', streamId: 'case-b', revision: 3n }),
        ]);
      });

      it('names the first of two events whose order was swapped', async () => {
        const position = await positionOf('case-a', 1n);
        await harness.tamper.swapRevisions('case-a', 1n, 2n);
        const report = await verifyLedger(store);

        expect(report.ok).toBe(false);
        expect(report.breaks[0]).toMatchObject({ streamId: 'case-a', revision: 2n, globalPosition: position });
      });
    });
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
