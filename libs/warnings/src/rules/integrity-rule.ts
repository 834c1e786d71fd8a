import type { CaseState } from '@app/assistance-cases/case.state';
import type { JsonObject, RecordedEvent } from '@app/ledger/envelope';

/** How grave a warning is; routing (township, county, discipline inspection) follows from it. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly Severity[] = Object.freeze(['low', 'medium', 'high', 'critical']);

/**
 * What a rule found. With the rule's id, `key` is the warning's identity: the same key is the same
 * warning, so a replay of the log, or an event offered twice, raises nothing new.
 */
export interface RuleFinding {
  /** Deterministic, from the triggering event(s) or the fact found: e.g. `<caseId>:<month>`. */
  readonly key: string;
  /** 9-digit township code whose jurisdiction the warning falls in (routing derives the county). */
  readonly township: string;
  readonly caseId?: string;
  /** Ids of the ledger events that show the problem, oldest first; the triggering event last. */
  readonly evidence: readonly string[];
  /** One sentence, zh-CN, for the supervisor's alert list. */
  readonly summary: string;
  /** Structured facts (amounts in fen, months, person ids masked as the rule sees fit). */
  readonly details: JsonObject;
  /** Overrides the rule's default severity for this finding (e.g. a longer overpayment). */
  readonly severity?: Severity;
}

/** The case a case-stream event belongs to, folded by the engine with the case context's own evolve. */
export interface CaseTransition {
  readonly caseId: string;
  readonly before: CaseState;
  readonly after: CaseState;
}

export interface RuleInput {
  readonly event: RecordedEvent;
  /** Present for events of `case-<id>` streams. */
  readonly case?: CaseTransition;
}

export interface RuleStep<S> {
  readonly state: S;
  readonly findings: readonly RuleFinding[];
}

/**
 * An integrity-warning rule: a pure function of an event and the state it needs, which the rule
 * builds from events itself (never by asking the API). No I/O, no clock but the one passed in.
 */
export interface IntegrityRule<S = unknown> {
  /** kebab-case, stable: part of every warning id this rule raises. */
  readonly id: string;
  /** zh-CN title, e.g. 死亡后仍发放. */
  readonly title: string;
  readonly severity: Severity;
  /** Event types passed to `evolve`; the others are not offered. */
  readonly handles: readonly string[];
  initialState(): S;
  evolve(state: S, input: RuleInput): RuleStep<S>;
  /** Time-driven rules (overdue deadlines): what is due at `now`. Called by the engine on a timer. */
  tick?(state: S, now: Date): RuleStep<S>;
}
