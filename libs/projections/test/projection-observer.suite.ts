import type { EventStore } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { ProjectionObserver, ProjectionRunner, ProjectionTimeoutError, type ReadStore } from '../src';
import type { RunnerHarness } from './projection-runner.suite';
import { appendOne, expectedRows, feed, readRows, STATS, streamStats, wholeLog } from './stream-stats.fixture';

const WAIT_MS = 20_000;

/**
 * An API in worker mode: a runner playing the worker applies the log to the read store through a
 * connection of its own, and an observer follows it through another, as a second process would.
 */
export function projectionObserverSuite(label: string, open: () => Promise<RunnerHarness>): void {
  describe(`projection observer on ${label}`, () => {
    jest.setTimeout(30_000);
    let harness: RunnerHarness;
    let store: EventStore;
    let workerStore: ReadStore;
    let observerStore: ReadStore;
    let worker: ProjectionRunner | undefined;
    let observer: ProjectionObserver;

    const startWorker = async (control: Parameters<typeof streamStats>[0] = {}): Promise<ProjectionRunner> => {
      // Small batches, so that the observer meets the worker half way.
      worker = new ProjectionRunner({ store, readStore: workerStore, projections: [streamStats(control)], batchSize: 40, catchUpBatchSize: 40 });
      await worker.start();
      return worker;
    };

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      workerStore = await harness.openReadStore();
      observerStore = await harness.openReadStore();
      observer = new ProjectionObserver({ store, readStore: observerStore, projections: [streamStats()], pollIntervalMs: 20 });
      worker = undefined;
      await feed(store);
    });

    afterEach(async () => {
      await observer.dispose();
      await worker?.dispose();
      await harness.close();
    });

    it("sees the worker's lag fall to 0, and a wait begun before the worker started resolves", async () => {
      expect((await observer.status())[0]).toMatchObject({
        name: STATS,
        state: 'catching-up',
        generation: 0,
        checkpoint: LOG_START,
        position: 0,
        lag: 315,
        eventsApplied: 0,
      });
      const head = (await store.head()).checkpoint;
      const waited = observer.waitFor(STATS, head, WAIT_MS);

      await startWorker();
      const lags: number[] = [];
      for (let status = (await observer.status())[0]; ; status = (await observer.status())[0]) {
        lags.push(status.lag);
        if (status.lag === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect(waited).resolves.toBeUndefined();

      expect(lags).toEqual([...lags].sort((a, b) => b - a));
      expect((await observer.status())[0]).toMatchObject({
        state: 'live',
        version: 1,
        generation: 1,
        checkpoint: head,
        headCheckpoint: head,
        position: 315,
        lag: 0,
        eventsApplied: 0,
      });
      expect(await readRows(observerStore)).toEqual(expectedRows(await wholeLog(store)));
    });

    it('resolves a wait for an append once the worker has applied it, and the rows read after show it', async () => {
      await startWorker();
      await observer.waitFor(STATS, (await store.head()).checkpoint, WAIT_MS);
      const appended = await appendOne(store, 's-07', 'Closed');
      await observer.waitFor(STATS, appended.checkpoint, WAIT_MS);
      expect((await readRows(observerStore)).find((row) => row.stream_id === 's-07')).toMatchObject({
        last_type: 'Closed',
        last_revision: 15,
      });
    });

    it('times out on a checkpoint never reached, refuses an unknown name, and rejects waits on dispose', async () => {
      await startWorker();
      const started = Date.now();
      await expect(observer.waitFor(STATS, '\uffff', 150)).rejects.toThrow(ProjectionTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(() => observer.waitFor('no_such', LOG_START, 100)).toThrow(RangeError);

      const pending = observer.waitFor(STATS, '\uffff', WAIT_MS);
      await observer.dispose();
      await expect(pending).rejects.toThrow(/stopped before reaching/);
    });

    it('resolves a wait whose deadline is 0 when the checkpoint is reached already', async () => {
      await startWorker();
      const head = (await store.head()).checkpoint;
      await observer.waitFor(STATS, head, WAIT_MS);
      await expect(observer.waitFor(STATS, head, 0)).resolves.toBeUndefined();
    });

    it("shows the worker's rebuild under way, then the new generation serving", async () => {
      const control: { gate?: Promise<void>; entered?: () => void } = {};
      const runner = await startWorker(control);
      await observer.waitFor(STATS, (await store.head()).checkpoint, WAIT_MS);

      let release!: () => void;
      const entered = new Promise<void>((resolve) => (control.entered = resolve));
      control.gate = new Promise<void>((resolve) => (release = resolve));
      const rebuilt = runner.rebuild(STATS);
      await entered;
      // The gate holds the rebuild's first batch open: its checkpoint row is there, at the start.
      const [during] = await observer.status();
      expect(during).toMatchObject({ state: 'rebuilding', generation: 1, lag: 0, rebuild: { version: 1, generation: 2, position: 0 } });

      control.gate = undefined;
      release();
      await rebuilt;
      const [after] = await observer.status();
      expect(after).toMatchObject({ state: 'live', generation: 2, position: 315, lag: 0 });
      expect(after.rebuild).toBeUndefined();
    });
  });
}
