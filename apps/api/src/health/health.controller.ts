import { NotaryHealth, type NotaryHealthView } from '@app/integrity/nest';
import { EVENT_STORE, type EventStore, type LogHead, StoreUnavailableError } from '@app/ledger';
import { type AppConfig, CONFIG, Public } from '@app/platform';
import type { RulesEngine } from '@app/warnings/engine';
import { RULES_ENGINE } from '@app/warnings/nest';
import type { ProjectionProgress, ProjectionState } from '@app/projections';
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

/** Public: load balancers and operators probe it without a token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    private readonly notary: NotaryHealth,
    @Inject(RULES_ENGINE) private readonly engine: RulesEngine,
    @Inject(CONFIG) private readonly config: AppConfig,
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
