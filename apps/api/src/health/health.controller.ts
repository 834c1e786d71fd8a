import { EVENT_STORE, type EventStore, type LogHead, StoreUnavailableError } from '@app/ledger';
import { Public } from '@app/platform';
import type { ProjectionRunner, ProjectionState } from '@app/projections';
import { PROJECTION_RUNNER } from '@app/projections/nest';
import { Controller, Get, Inject } from '@nestjs/common';
import { toJsonNumber } from '@app/platform/http/command-result.view';

export interface ProjectionHealthView {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  /** Log events the serving build has not applied yet. */
  readonly lag: number;
  /** Pass it as `waitFor` to a query to read at least this far. */
  readonly checkpoint: string;
  /** Only when state is 'failed': what stopped it (no stack). */
  readonly error?: string;
}

export interface HealthView {
  readonly status: 'ok';
  readonly store: { readonly kind: string; readonly reachable: true };
  readonly log: { readonly eventCount: number; readonly lastPosition: number | null; readonly checkpoint: string };
  readonly projections: readonly ProjectionHealthView[];
}

/** Public: load balancers and operators probe it without a token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  /**
   * 200 when the store answers, also while projections catch up or one has failed (the log, and
   * so every command, still works; the failure shows in `projections`). Otherwise a 503 problem,
   * so load balancers take the node out.
   */
  @Get()
  async health(): Promise<HealthView> {
    let head: LogHead;
    try {
      head = await this.store.head();
    } catch (error) {
      throw this.unavailable(error);
    }
    let projections: ProjectionHealthView[];
    try {
      projections = (await this.runner.status()).map((status) => ({
        name: status.name,
        version: status.version,
        state: status.state,
        lag: status.lag,
        checkpoint: status.checkpoint,
        ...(status.state === 'failed' ? { error: status.error ?? 'unknown error' } : {}),
      }));
    } catch (error) {
      throw this.unavailable(error);
    }
    return {
      status: 'ok',
      store: { kind: this.store.kind, reachable: true },
      log: {
        eventCount: toJsonNumber(head.eventCount),
        lastPosition: head.lastPosition === null ? null : toJsonNumber(head.lastPosition),
        checkpoint: head.checkpoint,
      },
      projections,
    };
  }

  private unavailable(error: unknown): StoreUnavailableError {
    if (error instanceof StoreUnavailableError) return error;
    return new StoreUnavailableError(this.store.kind, error instanceof Error ? error.message : String(error));
  }
}
