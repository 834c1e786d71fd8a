import type { Checkpoint, LogHead } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import type { Projection } from './projection';
import type { LiveBuild, StoredCheckpoint } from './projection-bookkeeping';
import type { ProjectionWorker } from './projection-worker';

export type ProjectionState = 'catching-up' | 'live' | 'rebuilding' | 'failed';

export interface ProjectionStatus {
  readonly name: string;
  /** The build serving reads. */
  readonly version: number;
  readonly generation: number;
  readonly state: ProjectionState;
  readonly checkpoint: Checkpoint;
  /** Log events the checkpoint covers, handled or not. */
  readonly position: number;
  /** Events applied by this process's runner since it started (0 where another process applies them). */
  readonly eventsApplied: number;
  readonly headCheckpoint: Checkpoint;
  /** Log events the serving build has not reached yet. */
  readonly lag: number;
  readonly error?: string;
  /** The build under way beside the serving one. */
  readonly rebuild?: { readonly version: number; readonly generation: number; readonly checkpoint: Checkpoint; readonly position: number };
}

/**
 * What queries and health checks need of the projections, wherever they are applied: the
 * ProjectionRunner when this process applies them, a ProjectionObserver when another one does.
 */
export interface ProjectionProgress {
  /**
   * Resolves once the serving build of `name` has passed `checkpoint`; rejects with
   * ProjectionTimeoutError after `timeoutMs`. Throws RangeError for a name it does not know.
   */
  waitFor(name: string, checkpoint: Checkpoint, timeoutMs: number): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** Stops; waits still pending are rejected. */
  dispose(): Promise<void>;
}

export class ProjectionTimeoutError extends Error {
  constructor(name: string, checkpoint: Checkpoint, timeoutMs: number) {
    super(`projection ${name} did not reach checkpoint ${JSON.stringify(checkpoint)} within ${timeoutMs} ms`);
    this.name = 'ProjectionTimeoutError';
  }
}

export class ProjectionFailedError extends Error {
  constructor(name: string, cause: Error | undefined) {
    super(`projection ${name} failed: ${cause?.message ?? 'unknown error'}`, { cause });
    this.name = 'ProjectionFailedError';
  }
}

/** What the runner knows of one projection. */
export interface ProjectionParts {
  readonly projection: Projection;
  readonly live?: ProjectionWorker;
  readonly serving?: LiveBuild;
  /** The serving build's checkpoint when no worker applies to it (a new version is being built). */
  readonly servingAt?: StoredCheckpoint;
  readonly building?: ProjectionWorker;
}

export function statusOf(parts: ProjectionParts, head: LogHead): ProjectionStatus {
  const { projection, live, serving, building } = parts;
  const at = live ?? parts.servingAt ?? { checkpoint: LOG_START, positionCount: 0 };
  const failure = live?.phase === 'failed' ? live : building?.phase === 'failed' ? building : undefined;
  const state: ProjectionState = failure
    ? 'failed'
    : building
      ? 'rebuilding'
      : live?.phase === 'live'
        ? 'live'
        : 'catching-up';
  return {
    name: projection.name,
    version: serving?.version ?? projection.version,
    generation: serving?.generation ?? 0,
    state,
    checkpoint: at.checkpoint,
    position: at.positionCount,
    eventsApplied: live?.eventsApplied ?? 0,
    headCheckpoint: head.checkpoint,
    lag: Math.max(0, Number(head.eventCount) - at.positionCount),
    ...(failure ? { error: failure.error?.message } : {}),
    ...(building
      ? {
          rebuild: {
            version: building.build.version,
            generation: building.build.generation,
            checkpoint: building.checkpoint,
            position: building.positionCount,
          },
        }
      : {}),
  };
}
