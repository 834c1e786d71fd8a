import type { Checkpoint, EventStore } from '@app/ledger';
import { hasReached } from '@app/ledger';
import { type Projection, type ProjectionBuild, tableName } from './projection';
import {
  createBookkeeping,
  type LiveBuild,
  liveBuild,
  loadCheckpoint,
  lockBookkeeping,
  nextGeneration,
  type StoredCheckpoint,
  switchLive,
} from './projection-bookkeeping';
import { assertIdentifier, type ReadStore, type ReadStoreTx } from './read-store.port';
import {
  ProjectionFailedError,
  type ProjectionProgress,
  type ProjectionStatus,
  ProjectionTimeoutError,
  statusOf,
} from './projection-status';
import { ProjectionWorker, type WorkerSettings } from './projection-worker';

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  /** Most events per transaction once caught up (default 500). */
  readonly batchSize?: number;
  /**
   * Most events per page of the log while far behind (default 2,000): each is read while the one
   * before is applied. A transaction still ends at `batchMaxMs`.
   */
  readonly catchUpBatchSize?: number;
  /** A transaction stops taking events after this long, so a slow apply cannot hold it open. */
  readonly batchMaxMs?: number;
  readonly now?: () => Date;
  /** For tests: the named projection's n-th apply call (1-based, per build) throws. */
  readonly failAt?: { readonly projection: string; readonly event: number };
}

interface Rebuild {
  readonly worker: ProjectionWorker;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Entry {
  readonly projection: Projection;
  /** Applies to the serving build; absent while a new version is built to replace an old one. */
  live?: ProjectionWorker;
  serving?: LiveBuild;
  servingAt?: StoredCheckpoint;
  rebuild?: Rebuild;
}

/** Keeps every async projection up to date from the global log, each with its own checkpoint. */
export class ProjectionRunner implements ProjectionProgress {
  private readonly entries = new Map<string, Entry>();
  private readonly waiters = new Set<{ readonly name: string; readonly check: () => void }>();
  private readonly settings: Omit<WorkerSettings, 'failAt'>;
  private disposed = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    for (const projection of options.projections) {
      if (projection.runsWhere !== 'async') throw new RangeError(`projection ${projection.name} must run async`);
      assertIdentifier('projection name', projection.name);
      for (const base of projection.tables ?? []) assertIdentifier(`table of ${projection.name}`, base);
      if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
        throw new RangeError(`projection ${projection.name} needs a positive whole version`);
      }
      if (this.entries.has(projection.name)) throw new RangeError(`two projections are named ${projection.name}`);
      this.entries.set(projection.name, { projection });
    }
    this.settings = {
      store: options.store,
      readStore: options.readStore,
      batchSize: options.batchSize ?? 500,
      catchUpBatchSize: options.catchUpBatchSize ?? Math.max(options.batchSize ?? 0, 2000),
      batchMaxMs: options.batchMaxMs ?? 50,
      now: options.now ?? (() => new Date()),
    };
  }

  /** Opens every projection at its stored checkpoint and starts applying; returns at once after. */
  async start(): Promise<void> {
    await createBookkeeping(this.options.readStore);
    for (const entry of this.entries.values()) await this.open(entry);
  }

  /**
   * Builds the projection again from the start of the log into fresh tables while the serving
   * ones keep answering; resolves once the new build has caught up and serves.
   */
  rebuild(name: string): Promise<void> {
    const entry = this.entry(name);
    return entry.rebuild && entry.rebuild.worker.phase !== 'failed' ? entry.rebuild.done : this.startRebuild(entry, false);
  }

  /** Resolves once the serving build has passed `checkpoint`; rejects after `timeoutMs`. */
  waitFor(name: string, checkpoint: Checkpoint, timeoutMs: number): Promise<void> {
    const entry = this.entry(name);
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        name,
        check: () => {
          const live = entry.live;
          if (live && hasReached(live.checkpoint, checkpoint)) finish(), resolve();
          else if (live?.phase === 'failed') finish(), reject(new ProjectionFailedError(name, live.error));
          else if (this.disposed) finish(), reject(new Error(`projection ${name} stopped before reaching ${checkpoint}`));
        },
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      timer = setTimeout(() => {
        finish();
        reject(new ProjectionTimeoutError(name, checkpoint, timeoutMs));
      }, timeoutMs);
      waiter.check();
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.options.store.head();
    return [...this.entries.values()].map((entry) => statusOf({ ...entry, building: entry.rebuild?.worker }, head));
  }

  /** Stops applying; a batch in flight commits or rolls back as a whole. The stores stay open. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const workers = [...this.entries.values()].flatMap((entry) => [entry.live, entry.rebuild?.worker]);
    await Promise.all(workers.map((worker) => worker?.stop()));
    for (const entry of this.entries.values()) entry.rebuild?.reject(new Error('the projection runner was disposed'));
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new RangeError(`no projection named ${name}`);
    return entry;
  }

  private async open(entry: Entry): Promise<void> {
    const { projection } = entry;
    const now = this.now();
    const opened = await this.options.readStore.transaction(async (tx) => {
      await lockBookkeeping(tx);
      let serving = await liveBuild(tx, projection.name);
      if (!serving) {
        const build = { name: projection.name, version: projection.version, generation: await nextGeneration(tx, projection.name) };
        await projection.setup(tx, tableName(build));
        serving = this.liveBuildOf(entry, build);
        await switchLive(tx, serving, undefined, now);
      }
      return { serving, at: await loadCheckpoint(tx, serving, now) };
    });
    entry.serving = opened.serving;
    entry.servingAt = opened.at;
    if (opened.serving.version === projection.version) {
      entry.live = this.worker(entry, opened.serving, opened.at);
      entry.live.start();
    } else {
      // The code has a new version: its tables are built beside the old ones, which serve until then.
      this.startRebuild(entry, true).catch(() => undefined);
    }
  }

  private async startRebuild(entry: Entry, resume: boolean): Promise<void> {
    const { projection } = entry;
    const now = this.now();
    const { build, at } = await this.options.readStore.transaction(async (tx) => {
      await lockBookkeeping(tx);
      const unfinished = await this.unfinishedBuilds(tx, projection.name);
      const resumable = resume ? unfinished.find((build) => build.version === projection.version) : undefined;
      if (resumable) return { build: resumable, at: await loadCheckpoint(tx, resumable, now) };
      for (const orphan of unfinished) await this.forget(tx, entry, orphan);
      const build = { name: projection.name, version: projection.version, generation: await nextGeneration(tx, projection.name) };
      await projection.setup(tx, tableName(build));
      return { build, at: await loadCheckpoint(tx, build, now) };
    });
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const done = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
    const worker = this.worker(entry, build, at);
    entry.rebuild = { worker, done, resolve, reject };
    worker.start();
    return done;
  }

  /** Builds of the projection that never came to serve (an interrupted rebuild), newest first. */
  private async unfinishedBuilds(tx: ReadStoreTx, name: string): Promise<ProjectionBuild[]> {
    const serving = await liveBuild(tx, name);
    const rows = await tx.all<{ version: number; generation: number }>(
      'SELECT version, generation FROM projection_checkpoints WHERE name = ? ORDER BY generation DESC',
      [name],
    );
    return rows
      .map((row) => ({ name, version: Number(row.version), generation: Number(row.generation) }))
      .filter((build) => build.generation !== serving?.generation);
  }

  private async forget(tx: ReadStoreTx, entry: Entry, build: ProjectionBuild): Promise<void> {
    await tx.run('DELETE FROM projection_checkpoints WHERE name = ? AND version = ? AND generation = ?', [
      build.name,
      build.version,
      build.generation,
    ]);
    // Only this version's table names are known; an older version's leftovers stay.
    if (build.version !== entry.projection.version) return;
    for (const table of this.liveBuildOf(entry, build).tables) await tx.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  private worker(entry: Entry, build: ProjectionBuild, at: StoredCheckpoint): ProjectionWorker {
    const { failAt } = this.options;
    return new ProjectionWorker(
      entry.projection,
      build,
      at,
      { ...this.settings, failAt: failAt?.projection === build.name ? failAt.event : undefined },
      {
        committed: (worker) => {
          if (worker === entry.live) this.notify(entry.projection.name);
        },
        caughtUp: (worker) => (worker === entry.rebuild?.worker ? this.promote(entry, worker) : Promise.resolve()),
        failed: (worker) => {
          if (worker === entry.rebuild?.worker) entry.rebuild.reject(new ProjectionFailedError(build.name, worker.error));
          if (worker === entry.live) this.notify(entry.projection.name);
        },
      },
    );
  }

  /** The rebuilt build has caught up: it serves from now on, and the old tables go. */
  private async promote(entry: Entry, worker: ProjectionWorker): Promise<void> {
    const rebuild = entry.rebuild;
    if (this.disposed || !rebuild) return;
    await entry.live?.stop();
    if (this.disposed) return;
    const next = this.liveBuildOf(entry, worker.build);
    await this.options.readStore.transaction(async (tx) => {
      await lockBookkeeping(tx);
      await switchLive(tx, next, await liveBuild(tx, next.name), this.now());
    });
    entry.live = worker;
    entry.serving = next;
    entry.servingAt = undefined;
    entry.rebuild = undefined;
    rebuild.resolve();
    this.notify(entry.projection.name);
  }

  private liveBuildOf(entry: Entry, build: ProjectionBuild): LiveBuild {
    const table = tableName(build);
    return { ...build, tables: (entry.projection.tables ?? []).map((base) => table(base)) };
  }

  private notify(name: string): void {
    for (const waiter of [...this.waiters]) if (waiter.name === name) waiter.check();
  }

  private now(): string {
    return this.settings.now().toISOString();
  }
}

