import type { EventStore } from '@app/ledger';
import { FixedClock } from '@app/platform/clock';
import type { ReadStore } from '@app/projections';
import { appendN } from '../../ledger/test/fixtures';
import {
  consistencyProofPlan,
  EMPTY_TREE_HASH,
  eventLeafHash,
  inclusionProofPlan,
  InjectedNotaryFailure,
  type Notary,
  nodesFor,
  rootPlan,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '../src';
import { dumpTree, feed, integrityLog, type NotaryHarness, notary, PUBLIC_KEY, referenceRoots } from './notary.fixture';

const hex = (value: string) => Buffer.from(value, 'hex');
const START = '2021-03-01T01:00:00.000Z';

export function notarySuite(label: string, open: () => Promise<NotaryHarness>): void {
  describe(`the notary on ${label}`, () => {
    let harness: NotaryHarness;
    let store: EventStore;
    let integrity: ReadStore;
    let clock: FixedClock;
    let running: Notary[];

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      integrity = await harness.openIntegrity();
      clock = new FixedClock(START);
      running = [];
      await feed(store);
    });

    afterEach(async () => {
      for (const loop of running) await loop.stop();
      await harness.close();
    });

    describe('over 310 events with a head every 50 leaves', () => {
      beforeEach(async () => {
        await notary(store, integrity, clock).catchUp();
      });

      it('has a leaf for every event in log order and a signed head at each multiple of 50', async () => {
        const { events, rootAt } = await referenceRoots(store);
        const tree = await dumpTree(integrity);
        expect(tree.state).toEqual({ treeSize: 310, checkpoint: events[309]!.checkpoint });
        expect(tree.leaves.map((leaf) => leaf.event_id)).toEqual(events.map((event) => event.eventId));
        expect(tree.leaves.map((leaf) => leaf.leaf_index)).toEqual(events.map((_, i) => i));
        expect(tree.heads.map((head) => head.tree_size)).toEqual([50, 100, 150, 200, 250, 300]);
        const log = integrityLog(integrity);
        for (const size of [50, 100, 150, 200, 250, 300]) {
          const head = await log.treeHead(size);
          expect(head).toMatchObject({ rootHash: rootAt(size), timestamp: START, keyId: PUBLIC_KEY.keyId });
          expect(verifyTreeHead(head, PUBLIC_KEY.publicKeyPem)).toEqual({ ok: true });
        }
        for (const size of [0, 1, 7, 64, 299, 310]) expect(await log.rootAt(size)).toBe(rootAt(size));
      });

      it('gives an inclusion proof for every event that verifies against the latest signed head', async () => {
        const { events } = await referenceRoots(store);
        const log = integrityLog(integrity);
        const head = await log.latestTreeHead();
        expect(head.treeSize).toBe(300);
        for (const event of events.slice(0, 300)) {
          const proof = await log.inclusionProof({ eventId: event.eventId });
          expect(proof).toMatchObject({ treeSize: 300, eventHash: event.integrity.hash, rootHash: head.rootHash });
          expect(proof.leafHash).toBe(eventLeafHash(event.integrity.hash).toString('hex'));
          const ok = verifyInclusion(hex(proof.leafHash), proof.leafIndex, 300, proof.auditPath.map(hex), hex(head.rootHash));
          expect(ok).toBe(true);
        }
      });

      it('finds a leaf by stream and revision or by index, against any size that holds it', async () => {
        const { events, rootAt } = await referenceRoots(store);
        const log = integrityLog(integrity);
        const event = events[123]!;
        const byStream = await log.inclusionProof({ streamId: event.streamId, revision: event.revision }, 124);
        const byIndex = await log.inclusionProof({ leafIndex: 123 }, 124);
        expect(byStream).toEqual(byIndex);
        expect(byStream).toMatchObject({ eventId: event.eventId, leafIndex: 123, treeSize: 124, rootHash: rootAt(124) });
        expect(verifyInclusion(hex(byStream.leafHash), 123, 124, byStream.auditPath.map(hex), hex(rootAt(124)))).toBe(true);
        const stream = await log.leavesOfStream(event.streamId);
        expect(stream.map((leaf) => leaf.revision)).toEqual(stream.map((_, i) => BigInt(i)));
        expect(stream.map((leaf) => leaf.eventId)).toEqual(events.filter((e) => e.streamId === event.streamId).map((e) => e.eventId));
      });

      it('gives consistency proofs between every two stored heads that verify', async () => {
        const log = integrityLog(integrity);
        const { treeHeads } = await log.treeHeads();
        for (const older of treeHeads) {
          for (const newer of treeHeads.filter((head) => head.treeSize >= older.treeSize)) {
            const proof = (await log.consistencyProof(older.treeSize, newer.treeSize)).map(hex);
            const ok = verifyConsistency(older.treeSize, newer.treeSize, hex(older.rootHash), hex(newer.rootHash), proof);
            expect(ok).toBe(true);
          }
        }
        expect(await log.consistencyProof(0, 300)).toEqual([]);
        expect(verifyConsistency(0, 300, EMPTY_TREE_HASH, hex(treeHeads[5]!.rootHash), [])).toBe(true);
      });

      it('reads a proof as one query of exactly the subtrees its plan names', async () => {
        const log = integrityLog(integrity);
        const all = jest.spyOn(integrity, 'all');
        const get = jest.spyOn(integrity, 'get');
        try {
          await log.inclusionProof({ leafIndex: 201 }, 310);
          const inclusion = nodesFor([{ start: 201, end: 202 }, ...inclusionProofPlan(201, 310), ...rootPlan(310)]);
          expect(all).toHaveBeenCalledTimes(1);
          expect(await all.mock.results[0]!.value).toHaveLength(inclusion.length);
          expect(get).toHaveBeenCalledTimes(2);

          all.mockClear();
          await log.consistencyProof(77, 310);
          expect(all).toHaveBeenCalledTimes(1);
          expect(await all.mock.results[0]!.value).toHaveLength(nodesFor(consistencyProofPlan(77, 310)).length);
        } finally {
          all.mockRestore();
          get.mockRestore();
        }
      });

      it('pages through the signed heads, smallest first', async () => {
        const log = integrityLog(integrity);
        const first = await log.treeHeads({ limit: 4 });
        expect(first.treeHeads.map((head) => head.treeSize)).toEqual([50, 100, 150, 200]);
        expect(first.nextFromSize).toBe(250);
        const rest = await log.treeHeads({ fromSize: 250, limit: 4 });
        expect(rest).toMatchObject({ nextFromSize: null });
        expect(rest.treeHeads.map((head) => head.treeSize)).toEqual([250, 300]);
      });

      it('refuses proofs about trees it has not grown, naming the field', async () => {
        const { events } = await referenceRoots(store);
        const log = integrityLog(integrity);
        const invalid = (field: string) => ({ kind: 'invalid', details: expect.objectContaining({ field }) });
        await expect(log.inclusionProof({ eventId: events[0]!.eventId }, 311)).rejects.toMatchObject(invalid('treeSize'));
        await expect(log.inclusionProof({ eventId: events[100]!.eventId }, 100)).rejects.toMatchObject(invalid('treeSize'));
        await expect(log.consistencyProof(10, 311)).rejects.toMatchObject(invalid('to'));
        await expect(log.consistencyProof(20, 10)).rejects.toMatchObject(invalid('from'));
        await expect(log.rootAt(-1)).rejects.toMatchObject(invalid('size'));
        await expect(log.inclusionProof({ eventId: 'no-such-event' })).rejects.toMatchObject({ kind: 'not-found', code: 'leaf-not-found' });
        await expect(log.inclusionProof({ eventId: events[305]!.eventId })).rejects.toMatchObject({
          kind: 'conflict',
          code: 'not-yet-signed',
        });
        await expect(log.treeHead(123)).rejects.toMatchObject({ kind: 'not-found', code: 'tree-head-not-found' });
      });
    });

    it('signs by time once unsigned leaves have waited everySeconds, and never while the tree has not grown', async () => {
      const loop = notary(store, integrity, clock, { everyEvents: 1000, everySeconds: 10 });
      expect((await loop.catchUp()).signed).toEqual([]);
      clock.advance(9_999);
      expect((await loop.catchUp()).signed).toEqual([]);
      clock.advance(1);
      const [head] = (await loop.catchUp()).signed;
      expect(head).toMatchObject({ treeSize: 310, timestamp: '2021-03-01T01:00:10.000Z' });

      clock.advance(60_000);
      expect((await loop.catchUp()).signed).toEqual([]);
      await appendN(store, 'case-9', 3);
      expect((await loop.catchUp()).signed).toEqual([]);
      clock.advance(10_000);
      expect((await loop.catchUp()).signed.map((signed) => signed.treeSize)).toEqual([313]);
      const { rootAt } = await referenceRoots(store);
      expect((await integrityLog(integrity).latestTreeHead()).rootHash).toBe(rootAt(313));
    });

    it('after a failure mid-batch and a restart, holds the tree of an uninterrupted run', async () => {
      const crashing = notary(store, integrity, clock, { batchSize: 40, failAt: 130 });
      await expect(crashing.catchUp()).rejects.toThrow(InjectedNotaryFailure);
      // The batch of leaves 100..139 rolled back whole: nothing of it, nothing after it.
      const crashed = await dumpTree(integrity);
      expect(crashed.state.treeSize).toBe(100);
      expect(crashed.leaves).toHaveLength(100);
      expect(crashed.nodes.filter((node) => node.startsWith('0:'))).toHaveLength(100);
      expect(crashed.heads.map((head) => head.tree_size)).toEqual([50, 100]);

      const restarted = notary(store, await harness.openIntegrity(), clock, { batchSize: 40 });
      await restarted.catchUp();

      const reference = await harness.openSeparateIntegrity();
      await notary(store, reference, clock, { batchSize: 40 }).catchUp();
      const uninterrupted = await dumpTree(reference);
      expect(uninterrupted.state.treeSize).toBe(310);
      expect(await dumpTree(integrity)).toEqual(uninterrupted);
    });

    it('two notaries on one store never append a leaf twice', async () => {
      const other = await harness.openConcurrentIntegrity();
      const first = notary(store, integrity, clock, { batchSize: 7 });
      const second = notary(store, other, clock, { batchSize: 11 });
      await Promise.all([first.catchUp(), second.catchUp()]);
      await appendN(store, 'case-7', 40);
      await Promise.all([second.catchUp(), first.catchUp(), second.catchUp()]);

      const reference = await harness.openSeparateIntegrity();
      await notary(store, reference, clock).catchUp();
      expect(first.leavesAppended + second.leavesAppended).toBe(350);
      const tree = await dumpTree(integrity);
      expect(tree.state.treeSize).toBe(350);
      expect(tree.nodes).toEqual((await dumpTree(reference)).nodes);
      expect(tree.leaves).toEqual((await dumpTree(reference)).leaves);
      expect(tree.heads.map((head) => head.tree_size)).toEqual([50, 100, 150, 200, 250, 300, 350]);
    });

    it('shows a failing round as failed with its error, having committed every batch before it', async () => {
      const loop = notary(store, integrity, clock, { failAt: 75 });
      running.push(loop);
      loop.start();
      await until(async () => loop.phase === 'failed');
      expect(loop.error).toBeInstanceOf(InjectedNotaryFailure);
      expect(await integrityLog(integrity).progress()).toMatchObject({ treeSize: 50, signedTreeSize: 50 });
    });

    it('keeps up with appends while running, until stopped', async () => {
      const loop = notary(store, integrity, clock);
      running.push(loop);
      loop.start();
      await appendN(store, 'case-8', 15);
      const log = integrityLog(integrity);
      await until(async () => (await log.progress()).treeSize === 325);
      expect(loop.phase).toBe('live');
      await loop.stop();
      expect(loop.phase).toBe('stopped');
      expect(await log.progress()).toMatchObject({ treeSize: 325, signedTreeSize: 300 });
    });
  });
}

/** Polls until the condition holds; fails the test if it has not after 20 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not come true within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
