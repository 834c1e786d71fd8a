import { NotaryHealth, type NotaryHealthView } from '@app/integrity/nest';
import { EVENT_STORE, type EventStore, type LogHead, StoreUnavailableError } from '@app/ledger';
import { type AppConfig, CONFIG, Public } from '@app/platform';
import type { RulesEngine } from '@app/warnings/engine';
import { RULES_ENGINE } from '@app/warnings/nest';
import type { ProjectionProgress, ProjectionState } from '@app/projections';
import { PROJECTION_RUNNER } from '@app/projections/nest';
import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { PROBLEM_CONTENT_TYPE } from '@app/platform';
import { Draining } from './draining';
import { ProjectionStallWatch, type StuckProjection } from './projection-stall-watch';
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
  /** The Merkle log: tree size against the log head, and the latest signed head. */
  readonly notary: NotaryHealthView;
  /** The integrity-warning rules: how far they have judged the log, what they raised. */
  readonly rulesEngine: RulesEngineHealthView;
}

export type RulesEngineHealthView =
  | { readonly state: 'elsewhere' }
  | {
      readonly state: string;
      readonly rules: number;
      readonly lag: number;
      readonly warningsRaised: number;
      readonly openWarnings: number;
      readonly escalations: number;
      readonly ruleErrors: number;
      readonly error?: string;
    };

/** The part of an Express response the readiness probe writes. */
interface ProbeResponse {
  status(code: number): ProbeResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** Public and never rate-limited: load balancers and operators probe it without a token. */
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    private readonly notary: NotaryHealth,
    @Inject(RULES_ENGINE) private readonly engine: RulesEngine,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly draining: Draining,
  ) {
    this.stallWatch = new ProjectionStallWatch(config.observability.projectionStuckMs);
  }

  private readonly stallWatch: ProjectionStallWatch;
  private readonly logger = new Logger('Health');

  /** Liveness: the process answers. 200 always; a wedged event loop does not answer at all. */
  @Get('live')
  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * Readiness: 200 when this instance should get traffic. 503 problem when the store does not
   * answer, a projection is stuck (failed, or behind with nothing applied for
   * LEDGER_READY_PROJECTION_STUCK_MS), or the instance is shutting down.
   */
  @Get('ready')
  async ready(@Res() response: ProbeResponse): Promise<void> {
    const notReady = (code: string, detail: string, extra: Record<string, unknown> = {}): void => {
      response
        .status(503)
        .setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
      response.setHeader('Retry-After', '5');
      response.send(
        JSON.stringify({ type: `urn:assistance-ledger:problem:${code}`, title: 'Service Unavailable', status: 503, detail, code, ...extra }),
      );
    };
    if (this.draining.active) return notReady('shutting-down', 'this instance is shutting down');
    try {
      await this.store.head();
    } catch (error) {
      // The reason can name hosts and ports: the log gets it, the probe only the store kind.
      this.logger.warn(`not ready: store unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return notReady('store-unavailable', `the ${this.store.kind} event store is unavailable`, { store: this.store.kind });
    }
    let stuck: StuckProjection[];
    try {
      const statuses = await this.runner.status();
      stuck = this.stallWatch.observe(Date.now(), statuses);
    } catch {
      return notReady('projections-unavailable', 'the projections\' progress cannot be read');
    }
    if (stuck.length > 0) {
      return notReady('projection-stuck', `stuck: ${stuck.map((p) => `${p.name} (${p.reason})`).join(', ')}`, {
        projections: stuck,
      });
    }
    response.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    response.send(JSON.stringify({ status: 'ready' }));
  }

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
    let notary: NotaryHealthView;
    let rulesEngine: RulesEngineHealthView;
    try {
      projections = (await this.runner.status()).map((status) => ({
        name: status.name,
        version: status.version,
        state: status.state,
        lag: status.lag,
        checkpoint: status.checkpoint,
        ...(status.state === 'failed' ? { error: status.error ?? 'unknown error' } : {}),
      }));
      notary = await this.notary.status(head);
      rulesEngine = await this.rulesEngine();
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
      notary,
      rulesEngine,
    };
  }

  private async rulesEngine(): Promise<RulesEngineHealthView> {
    const status = await this.engine.status();
    if (status.phase === 'stopped' && !this.config.projectionsInProcess) return { state: 'elsewhere' };
    return {
      state: status.phase,
      rules: status.rules,
      lag: status.lag,
      warningsRaised: status.warningsRaised,
      openWarnings: status.openWarnings,
      escalations: status.escalations,
      ruleErrors: status.ruleErrors.length,
      ...(status.error ? { error: status.error } : {}),
    };
  }

  private unavailable(error: unknown): StoreUnavailableError {
    if (error instanceof StoreUnavailableError) return error;
    return new StoreUnavailableError(this.store.kind, error instanceof Error ? error.message : String(error));
  }
}
