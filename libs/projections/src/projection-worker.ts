import type { Checkpoint, EventStore, ReadAllPage, RecordedEvent } from '@app/ledger';
import type { Subscription } from 'rxjs';
import { type Projection, type ProjectionBuild, type TableName, tableName } from './projection';
import { readCheckpoint, saveCheckpoint, type StoredCheckpoint } from './projection-bookkeeping';
import type { ReadStore } from './read-store.port';

export interface WorkerSettings {
  readonly store: EventStore;
  readonly readStore: ReadStore;
  /** Most events per transaction once caught up. */
  readonly batchSize: number;
  /** Most events per page of the log while behind; the next page is read while one is applied. */
  readonly catchUpBatchSize: number;
  readonly batchMaxMs: number;
  readonly now: () => Date;
  /** Throws instead of the n-th apply call (1-based), to test recovery. */
  readonly failAt?: number;
}

export interface WorkerHooks {
  /** Whenever the worker's checkpoint moves (its own commit, or another runner's it follows). */
  readonly committed: (worker: ProjectionWorker) => void;
  /** The first time the worker has applied everything the log held; awaited before going on. */
  readonly caughtUp: (worker: ProjectionWorker) => Promise<void>;
  readonly failed: (worker: ProjectionWorker) => void;
}

export type WorkerPhase = 'catching-up' | 'live' | 'failed' | 'stopped';

/** Applies between two waits for the queued writes, so a batch cannot run far ahead of the database. */
const FLUSH_EVERY = 500;

export class InjectedFailure extends Error {
  constructor(readonly eventNumber: number) {
    super(`injected failure at apply call ${eventNumber}`);
    this.name = 'InjectedFailure';
  }
}

/**
 * Applies the global log to one build of a projection: a page at a time, each batch in one
 * transaction with the checkpoint, so the rows always match the checkpoint beside them.
 */
export class ProjectionWorker {
  phase: WorkerPhase = 'catching-up';
  error: Error | undefined;
  checkpoint: Checkpoint;
  positionCount: number;
  /** Events handed to apply and committed by this worker. */
  eventsApplied = 0;
  private applyCalls = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly wakers = new Set<() => void>();
  private readonly handled: ReadonlySet<string>;
  private readonly table: TableName;

  constructor(
    readonly projection: Projection,
    readonly build: ProjectionBuild,
    at: StoredCheckpoint,
    private readonly settings: WorkerSettings,
    private readonly hooks: WorkerHooks,
  ) {
    this.checkpoint = at.checkpoint;
    this.positionCount = at.positionCount;
    this.handled = new Set(projection.handles);
    this.table = tableName(build);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Lets the batch in flight commit, then stops; the checkpoint stays where it was committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    await this.loop;
    if (this.phase !== 'failed') this.phase = 'stopped';
  }

  private async run(): Promise<void> {
    let ahead: Promise<ReadAllPage> | undefined;
    try {
      while (!this.stopping) {
        const page = await (ahead ?? this.read(this.checkpoint, this.settings.batchSize));
        // A full page: more events wait. The next page is read while this one is applied.
        ahead = page.isEnd ? undefined : this.read(page.next, this.settings.catchUpBatchSize);
        let rest: readonly RecordedEvent[] = page.events;
        while (rest.length > 0 && !this.stopping) rest = await this.applyBatch(rest);
        if (this.stopping) return;
        // Another runner of the build moved the checkpoint elsewhere: read on from there instead.
        if (ahead && this.checkpoint !== page.next) ahead = undefined;
        if (page.isEnd) {
          if (this.phase === 'catching-up') {
            this.phase = 'live';
            await this.hooks.caughtUp(this);
          }
          await this.nextAppend();
        }
      }
    } catch (error) {
      this.phase = 'failed';
      this.error = error instanceof Error ? error : new Error(String(error));
      this.hooks.failed(this);
    }
  }

  /** A page of the log; a page read ahead and then dropped must not become an unhandled rejection. */
  private read(from: Checkpoint, maxCount: number): Promise<ReadAllPage> {
    const page = this.settings.store.readAll({ from, maxCount });
    page.catch(() => undefined);
    return page;
  }

  /**
   * Applies a prefix of `events` in one transaction (all of them unless the time budget runs
   * out first) and returns the rest.
   */
  private async applyBatch(events: readonly RecordedEvent[]): Promise<readonly RecordedEvent[]> {
    const { readStore, batchMaxMs, now } = this.settings;
    const started = Date.now();
    let done = 0;
    let applied = 0;
    let calls = this.applyCalls;
    const outcome = await readStore.transaction(async (tx): Promise<{ moved: boolean; at: StoredCheckpoint }> => {
      const stored = await readCheckpoint(tx, this.build, true);
      if (!stored) throw new Error(`the checkpoint of ${describeBuild(this.build)} is missing`);
      // Another runner of the same build got there first: follow it instead of applying twice.
      if (stored.checkpoint !== this.checkpoint) return { moved: true, at: stored };
      let at = stored;
      for (const event of events) {
        if (this.handled.has(event.type)) {
          calls++;
          if (calls === this.settings.failAt) throw new InjectedFailure(calls);
          await this.projection.apply(tx, event, this.table);
          applied++;
          if (applied % FLUSH_EVERY === 0) await tx.flush();
        }
        done++;
        at = { checkpoint: event.checkpoint, positionCount: at.positionCount + 1 };
        if (Date.now() - started >= batchMaxMs) break;
      }
      // Queued: the commit waits for it and for every write queued before it.
      saveCheckpoint(tx, this.build, at, now().toISOString());
      return { moved: false, at };
    });
    this.applyCalls = calls;
    this.checkpoint = outcome.at.checkpoint;
    this.positionCount = outcome.at.positionCount;
    if (outcome.moved) {
      this.hooks.committed(this);
      return [];
    }
    this.eventsApplied += applied;
    this.hooks.committed(this);
    return events.slice(done);
  }

  /** Resolves at the next event after the checkpoint (at once if there is one), or on stop. */
  private nextAppend(): Promise<void> {
    // stop() may have come while the last batch or the catch-up hook was being awaited.
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let subscription: Subscription | undefined;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        subscription?.unsubscribe();
        this.wakers.delete(finish);
        resolve();
      };
      this.wakers.add(finish);
      subscription = this.settings.store
        .subscribe({ from: this.checkpoint, pageSize: 1 })
        .subscribe({ next: finish, error: finish, complete: finish });
      if (done) subscription.unsubscribe();
    });
  }
}

export function describeBuild(build: ProjectionBuild): string {
  return `projection ${build.name} v${build.version} (generation ${build.generation})`;
}
