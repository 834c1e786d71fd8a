import type { Checkpoint, EventStore, LogHead } from '@app/ledger';
import { hasReached, LOG_START } from '@app/ledger';
import type { Projection } from './projection';
import { type StoredBuild, storedBuilds } from './projection-bookkeeping';
import { type ProjectionProgress, type ProjectionState, type ProjectionStatus, ProjectionTimeoutError } from './projection-status';
import type { ReadStore } from './read-store.port';

export interface ProjectionObserverOptions {
  readonly store: EventStore;
  /** The read store the applying process writes, with its bookkeeping tables. */
  readonly readStore: ReadStore;
  /** The projections this process serves queries from: the names it answers for. */
  readonly projections: readonly Projection[];
  /** How often pending waits look at the stored checkpoints. */
  readonly pollIntervalMs: number;
  readonly now?: () => Date;
}

/**
 * An unfinished build of the serving version whose checkpoint has not moved for this long is an
 * interrupted rebuild (its process stopped; nothing resumes it), not one under way.
 */
export const STALE_BUILD_MS = 60_000;

interface Waiter {
  readonly name: string;
  readonly checkpoint: Checkpoint;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Watches projections another process applies (the worker of a scaled deployment): where each
 * stands comes from the checkpoints that process commits with its rows, and the head from the
 * log. Read-only: it creates no table and takes no lock, so it never holds the worker up. Waits
 * share one poll of the checkpoints every `pollIntervalMs` while any is pending.
 *
 * It cannot see the applying process itself: a worker that has stopped or failed shows as a
 * projection catching up whose lag keeps growing.
 */
export class ProjectionObserver implements ProjectionProgress {
  private readonly names: ReadonlySet<string>;
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A wait came while a poll was reading: poll again at once rather than after the interval. */
  private arrived = false;
  private disposed = false;

  constructor(private readonly options: ProjectionObserverOptions) {
    this.names = new Set(options.projections.map((projection) => projection.name));
  }

  waitFor(name: string, checkpoint: Checkpoint, timeoutMs: number): Promise<void> {
    if (!this.names.has(name)) throw new RangeError(`no projection named ${name}`);
    if (this.disposed) return Promise.reject(stopped(name, checkpoint));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        name,
        checkpoint,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          void this.lastLook(waiter, timeoutMs);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
      if (this.polling) this.arrived = true;
      else this.schedule(0);
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const [head, builds] = await Promise.all([this.options.store.head(), storedBuilds(this.options.readStore)]);
    const now = (this.options.now ?? (() => new Date()))().getTime();
    return this.options.projections.map((projection) =>
      observedStatus(projection, builds.filter((build) => build.name === projection.name), head, now),
    );
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of [...this.waiters]) this.settle(waiter, stopped(waiter.name, waiter.checkpoint));
  }

  private schedule(delayMs: number): void {
    if (this.disposed || this.waiters.size === 0) return;
    // A new wait is looked at now, not at the end of an interval already under way.
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    this.arrived = false;
    try {
      const serving = await this.servingCheckpoints();
      for (const waiter of [...this.waiters]) if (reached(serving, waiter)) this.settle(waiter);
    } catch {
      // The read store is out of reach for now: pending waits keep polling until they time out.
    } finally {
      this.polling = false;
      this.schedule(this.arrived ? 0 : this.options.pollIntervalMs);
    }
  }

  /** A wait at its deadline: one look of its own (it may have begun with a deadline of 0), then the 503. */
  private async lastLook(waiter: Waiter, timeoutMs: number): Promise<void> {
    const serving = await this.servingCheckpoints().catch(() => new Map<string, Checkpoint>());
    if (reached(serving, waiter)) waiter.resolve();
    else waiter.reject(new ProjectionTimeoutError(waiter.name, waiter.checkpoint, timeoutMs));
  }

  private async servingCheckpoints(): Promise<Map<string, Checkpoint>> {
    const serving = new Map<string, Checkpoint>();
    for (const build of await storedBuilds(this.options.readStore)) if (build.serving) serving.set(build.name, build.checkpoint);
    return serving;
  }

  private settle(waiter: Waiter, error?: Error): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}

function reached(serving: ReadonlyMap<string, Checkpoint>, waiter: Waiter): boolean {
  const at = serving.get(waiter.name);
  return at !== undefined && hasReached(at, waiter.checkpoint);
}

function stopped(name: string, checkpoint: Checkpoint): Error {
  return new Error(`projection ${name} stopped before reaching ${checkpoint}`);
}

/** A projection's status as its stored builds tell it. */
export function observedStatus(projection: Projection, builds: readonly StoredBuild[], head: LogHead, now: number): ProjectionStatus {
  const serving = builds.find((build) => build.serving);
  // A build of another version is resumed whenever its process starts; one of the serving version
  // is under way only while its checkpoint moves.
  const building = builds
    .filter((build) => !build.serving && (build.version !== serving?.version || now - Date.parse(build.updatedAt) < STALE_BUILD_MS))
    .sort((a, b) => b.generation - a.generation)[0];
  const at = serving ?? { checkpoint: LOG_START, positionCount: 0 };
  const lag = Math.max(0, Number(head.eventCount) - at.positionCount);
  const state: ProjectionState = building ? 'rebuilding' : serving && lag === 0 ? 'live' : 'catching-up';
  return {
    name: projection.name,
    version: serving?.version ?? projection.version,
    generation: serving?.generation ?? 0,
    state,
    checkpoint: at.checkpoint,
    position: at.positionCount,
    eventsApplied: 0,
    headCheckpoint: head.checkpoint,
    lag,
    ...(building
      ? { rebuild: { version: building.version, generation: building.generation, checkpoint: building.checkpoint, position: building.positionCount } }
      : {}),
  };
}
