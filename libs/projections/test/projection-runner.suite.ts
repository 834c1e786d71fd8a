import type { EventStore } from '@app/ledger';
import { ProjectionFailedError, ProjectionRunner, type ProjectionRunnerOptions, ProjectionTimeoutError, type ReadStore } from '../src';
import { appendOne, expectedRows, feed, handledCount, readRows, STATS, streamStats, wholeLog } from './stream-stats.fixture';

export interface RunnerHarness {
  readonly store: EventStore;
  /** A new connection to the harness's read store (another process would have one of its own). */
  openReadStore(): Promise<ReadStore>;
  close(): Promise<void>;
}

const WAIT_MS = 20_000;
/** Above WAIT_MS: a loaded machine slows the waits down, and Jest's 5 s default then cut them short. */
const TEST_MS = 30_000;

export function projectionRunnerSuite(label: string, open: () => Promise<RunnerHarness>): void {
  describe(`projection runner on ${label}`, () => {
    jest.setTimeout(TEST_MS);
    let harness: RunnerHarness;
    let store: EventStore;
    let readStore: ReadStore;
    let runners: ProjectionRunner[];

    const startRunner = async (options: Partial<ProjectionRunnerOptions> = {}): Promise<ProjectionRunner> => {
      const runner = new ProjectionRunner({ store, readStore, projections: [streamStats()], ...options });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    const untilHead = async (runner: ProjectionRunner): Promise<void> =>
      runner.waitFor(STATS, (await store.head()).checkpoint, WAIT_MS);

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      readStore = await harness.openReadStore();
      runners = [];
      await feed(store);
    });

    afterEach(async () => {
      for (const runner of runners) await runner.dispose();
      await harness.close();
    });

    it('projects the log, moving the checkpoint over events it does not handle', async () => {
      const runner = await startRunner({ batchSize: 100 });
      await untilHead(runner);
      const events = await wholeLog(store);
      expect(events).toHaveLength(315);
      expect(await readRows(readStore)).toEqual(expectedRows(events));
      const [status] = await runner.status();
      expect(status).toMatchObject({
        name: STATS,
        version: 1,
        generation: 1,
        state: 'live',
        checkpoint: events[events.length - 1].checkpoint,
        position: 315,
        eventsApplied: handledCount(events),
        lag: 0,
      });
    });

    it('leaves identical rows when the log is replayed from the start over them', async () => {
      const first = await startRunner();
      await untilHead(first);
      const before = await readRows(readStore);
      await first.dispose();
      await readStore.run("UPDATE projection_checkpoints SET checkpoint = '', position_count = 0");

      const second = await startRunner({ batchSize: 64 });
      await untilHead(second);
      const events = await wholeLog(store);
      expect((await second.status())[0]).toMatchObject({ eventsApplied: handledCount(events), position: 315 });
      expect(await readRows(readStore)).toEqual(before);
      expect(before).toEqual(expectedRows(events));
    });

    it('after a failure mid-batch and a restart, holds the rows of an uninterrupted run', async () => {
      const crashing = await startRunner({ batchSize: 50, catchUpBatchSize: 50, failAt: { projection: STATS, event: 130 } });
      await expect(untilHead(crashing)).rejects.toThrow(ProjectionFailedError);
      const events = await wholeLog(store);
      const [failed] = await crashing.status();
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/injected failure at apply call 130/);
      expect(failed.position).toBeGreaterThan(0);
      expect(failed.lag).toBe(315 - failed.position);
      expect(failed.lag).toBeGreaterThan(0);
      // Rows and checkpoint committed together: the rows are exactly those of the covered events.
      const covered = events.slice(0, failed.position);
      expect(covered[covered.length - 1].checkpoint).toBe(failed.checkpoint);
      expect(await readRows(readStore)).toEqual(expectedRows(covered));
      await crashing.dispose();

      const restarted = await startRunner({ batchSize: 50 });
      await untilHead(restarted);
      expect(await readRows(readStore)).toEqual(expectedRows(events));
    });

    it('rebuilds beside the serving tables and switches only once caught up', async () => {
      const control: { gate?: Promise<void>; entered?: () => void } = {};
      const runner = await startRunner({ projections: [streamStats(control)], batchSize: 40 });
      await untilHead(runner);
      const before = await readRows(readStore);
      const reader = await harness.openReadStore();
      try {
        let release!: () => void;
        const entered = new Promise<void>((resolve) => (control.entered = resolve));
        control.gate = new Promise<void>((resolve) => (release = resolve));
        const rebuilt = runner.rebuild(STATS);
        await entered;

        const [during] = await runner.status();
        expect(during).toMatchObject({ state: 'rebuilding', version: 1, generation: 1, lag: 0 });
        expect(during.rebuild).toMatchObject({ version: 1, generation: 2 });
        expect(await readRows(reader)).toEqual(before);
        expect(await reader.get('SELECT generation FROM projection_versions WHERE name = ?', [STATS])).toEqual({ generation: 1 });

        control.gate = undefined;
        release();
        await rebuilt;

        const [after] = await runner.status();
        expect(after).toMatchObject({ state: 'live', version: 1, generation: 2, lag: 0, position: 315 });
        expect(after.rebuild).toBeUndefined();
        expect(await readRows(reader)).toEqual(before);
        // The old tables went in the switch's own transaction, committed before rebuild() resolved:
        // another connection's next statement already misses them.
        await expectMissing(reader.all('SELECT * FROM stream_stats_v1_g1_streams'), 'stream_stats_v1_g1_streams');
        expect(await reader.all('SELECT name, generation FROM projection_checkpoints')).toEqual([{ name: STATS, generation: 2 }]);

        // The new build carries on live.
        const appended = await appendOne(store, 's-00', 'Noted');
        await runner.waitFor(STATS, appended.checkpoint, WAIT_MS);
        expect(await readRows(reader)).toEqual(expectedRows(await wholeLog(store)));
      } finally {
        await reader.close();
      }
    });

    it('builds a new version beside the old one when the code brings it', async () => {
      const v1 = await startRunner();
      await untilHead(v1);
      await v1.dispose();

      const v2 = await startRunner({ projections: [streamStats({}, 2)] });
      await untilHead(v2);
      expect((await v2.status())[0]).toMatchObject({ state: 'live', version: 2, lag: 0 });
      expect(await readStore.get('SELECT version, generation FROM projection_versions')).toEqual({ version: 2, generation: 2 });
      expect(await readRows(readStore)).toEqual(expectedRows(await wholeLog(store)));
      await expectMissing(readStore.all('SELECT * FROM stream_stats_v1_g1_streams'), 'stream_stats_v1_g1_streams');
    });

    it('waitFor resolves once an append is projected and times out on a checkpoint never reached', async () => {
      const runner = await startRunner();
      await untilHead(runner);
      const appended = await appendOne(store, 's-03', 'Closed');
      await runner.waitFor(STATS, appended.checkpoint, WAIT_MS);
      const row = (await readRows(readStore)).find((r) => r.stream_id === 's-03');
      expect(row).toMatchObject({ last_type: 'Closed', last_revision: 15 });

      const started = Date.now();
      await expect(runner.waitFor(STATS, '\uffff', 150)).rejects.toThrow(ProjectionTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });
}

/**
 * The query fails because the table is gone. Asserted on the message, not with `toThrow`: Jest
 * loads better-sqlite3's native addon once per worker process, and the addon keeps the SqliteError
 * constructor of the first test file that opened a database. In every later file of that worker
 * its errors descend from another realm's Error, so `rejects.toThrow` reports "did not throw" for
 * a query that did fail (this is what once looked like a DROP seen late, and a retry loop "fixed").
 */
async function expectMissing(query: Promise<unknown>, table: string): Promise<void> {
  await expect(query).rejects.toHaveProperty('message', expect.stringMatching(new RegExp(`no such table: ${table}|relation "${table}" does not exist`)));
}
