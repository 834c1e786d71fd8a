import type { Command } from '@app/ledger/domain';
import type { Actor, JsonObject } from '@app/ledger/envelope';
import type { Severity } from './rules/integrity-rule';
import type { RoutingLevel } from './warning.events';

/**
 * The role the rules engine and the escalation scheduler act under. Deliberately not one of the
 * token roles (libs/platform/src/roles.ts): no token can carry it, so no person can raise a
 * warning or escalate one as "unacknowledged".
 */
export const SYSTEM_ROLE = 'system';

/** The engine's actor in event metadata; `unit` is empty because it acts for every jurisdiction. */
export const RULES_ENGINE_ACTOR: Actor = Object.freeze({ id: 'rules-engine', role: SYSTEM_ROLE, unit: '' });

/** Every command names its warning: the stream is `warning-<warningId>`. */
interface ForWarning {
  readonly warningId: string;
}

/**
 * A rule fired (engine only). Decides WarningRaised and, at once, WarningRouted to the level the
 * policy gives the severity. On a stream that already holds the warning it decides nothing.
 */
export type RaiseWarning = Command<
  'RaiseWarning',
  ForWarning & {
    readonly ruleId: string;
    readonly ruleTitle: string;
    readonly severity: Severity;
    /** The finding's key; with the rule id, the warning's identity. */
    readonly key: string;
    /** 9-digit township code; the county is derived from it. */
    readonly township: string;
    readonly caseId: string | null;
    /** Ledger event ids, oldest first, the triggering one last; at least one. */
    readonly evidence: readonly string[];
    readonly summary: string;
    readonly details: JsonObject;
  }
>;

/**
 * Sends an open warning to another level by hand (转办 down to the township, 移送 to discipline
 * inspection); the acknowledgement clock restarts there. County level or above only.
 */
export type RouteWarning = Command<'RouteWarning', ForWarning & { readonly level: RoutingLevel }>;

/** The official at the warning's current level says it is being looked into. */
export type AcknowledgeWarning = Command<'AcknowledgeWarning', ForWarning & { readonly note: string | null }>;

/**
 * One level up. 'by-hand': an official at the current level or above sends it up. 'unacknowledged':
 * the escalation scheduler (system actor only), naming the level it found the warning at in
 * `from`; if the warning has moved on, been acknowledged or closed since, it decides nothing.
 */
export type EscalateWarning = Command<
  'EscalateWarning',
  ForWarning & {
    readonly reason: 'unacknowledged' | 'by-hand';
    readonly note: string | null;
    /** Required with 'unacknowledged'; with 'by-hand', when given, a stale level is a conflict. */
    readonly from?: RoutingLevel;
  }
>;

/** Closed with a finding: 'confirmed' needs at least one piece of evidence; both need a reason. */
export type CloseWarning = Command<
  'CloseWarning',
  ForWarning & {
    readonly finding: 'confirmed' | 'dismissed';
    readonly reason: string;
    readonly evidence: readonly string[];
  }
>;

export type WarningCommand = RaiseWarning | RouteWarning | AcknowledgeWarning | EscalateWarning | CloseWarning;
