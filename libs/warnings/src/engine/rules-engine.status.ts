import type { Checkpoint } from '@app/ledger/envelope';
import type { LogHead } from '@app/ledger/event-store.port';
import type { EngineCheckpoint } from './engine-checkpoint';
import type { RuleErrorStatus } from './rule-set';

export type RulesEnginePhase = 'stopped' | 'rebuilding' | 'catching-up' | 'live' | 'failed';

/** What /health shows of the engine. */
export interface RulesEngineStatus {
  readonly phase: RulesEnginePhase;
  readonly rules: number;
  /** Where the folded state stands (saved once the batch's warnings are appended). */
  readonly checkpoint: Checkpoint;
  readonly position: number;
  readonly headCheckpoint: Checkpoint;
  /** Log events not folded yet. */
  readonly lag: number;
  /** Events folded and judged by this process since it started (not counting the rebuild). */
  readonly eventsProcessed: number;
  /** Warnings this process appended. */
  readonly warningsRaised: number;
  /** WarningRaised events the engine has folded from the log (by any process, ever). */
  readonly warningsInLog: number;
  readonly openWarnings: number;
  /** Escalations of unacknowledged warnings this process appended. */
  readonly escalations: number;
  readonly lastTickAt: string | null;
  readonly lastEscalationRunAt: string | null;
  /** Findings the warning stream refused (a rule's bug), with the last reason. */
  readonly refusedFindings: number;
  readonly lastRefusal?: { readonly ruleId: string; readonly warningId: string; readonly code: string; readonly message: string };
  readonly ruleErrors: readonly RuleErrorStatus[];
  readonly restarts: number;
  /** Only when the phase is 'failed' or after a restart: what stopped it last. */
  readonly error?: string;
}

/** The engine's counters, kept apart from its logic. */
export class RulesEngineStatusBoard {
  phase: RulesEnginePhase = 'stopped';
  eventsProcessed = 0;
  warningsRaised = 0;
  escalations = 0;
  restarts = 0;
  lastTickAt: string | null = null;
  lastEscalationRunAt: string | null = null;
  error: string | undefined;
  private refusedFindings = 0;
  private lastRefusal: RulesEngineStatus['lastRefusal'];

  refused(ruleId: string, warningId: string, error: Error & { code?: string }): void {
    this.refusedFindings++;
    this.lastRefusal = { ruleId, warningId, code: error.code ?? 'unknown', message: error.message };
  }

  snapshot(parts: {
    readonly at: EngineCheckpoint;
    readonly head: LogHead;
    readonly openWarnings: number;
    readonly warningsInLog: number;
    readonly rules: number;
    readonly ruleErrors: readonly RuleErrorStatus[];
  }): RulesEngineStatus {
    return {
      phase: this.phase,
      rules: parts.rules,
      checkpoint: parts.at.checkpoint,
      position: parts.at.position,
      headCheckpoint: parts.head.checkpoint,
      lag: Math.max(0, Number(parts.head.eventCount) - parts.at.position),
      eventsProcessed: this.eventsProcessed,
      warningsRaised: this.warningsRaised,
      warningsInLog: parts.warningsInLog,
      openWarnings: parts.openWarnings,
      escalations: this.escalations,
      lastTickAt: this.lastTickAt,
      lastEscalationRunAt: this.lastEscalationRunAt,
      refusedFindings: this.refusedFindings,
      ...(this.lastRefusal ? { lastRefusal: this.lastRefusal } : {}),
      ruleErrors: parts.ruleErrors,
      restarts: this.restarts,
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }
}
