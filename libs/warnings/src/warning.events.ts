import type { DomainEvent, JsonObject } from '@app/ledger/envelope';
import type { Severity } from './rules/integrity-rule';

/**
 * Who a warning is routed to: the township's own civil-affairs office, the county civil-affairs
 * bureau, or the discipline inspection and supervision commission (纪检监察). Escalation moves a
 * warning one level up.
 */
export type RoutingLevel = 'township' | 'county' | 'discipline';

export const ROUTING_LEVELS: readonly RoutingLevel[] = Object.freeze(['township', 'county', 'discipline']);

/** The jurisdiction a warning belongs to: who may see and handle it. */
export interface WarningJurisdiction {
  /** 9-digit township code. */
  readonly township: string;
  /** 6-digit county code (the township's first six digits). */
  readonly county: string;
}

/** A rule fired. Raised once per warning id, however often the log is replayed. */
export type WarningRaised = DomainEvent<
  'WarningRaised',
  {
    readonly warningId: string;
    readonly ruleId: string;
    readonly ruleTitle: string;
    readonly severity: Severity;
    readonly key: string;
    readonly caseId: string | null;
    readonly jurisdiction: WarningJurisdiction;
    /** Ledger event ids that show the problem, the triggering one last. */
    readonly evidence: readonly string[];
    readonly summary: string;
    readonly details: JsonObject;
    readonly raisedAt: string;
    /** When it must be closed (核实反馈 deadline), ISO date. */
    readonly closeBy: string;
  }
>;

/** Sent to a level: by severity when raised, one level up when escalated. */
export type WarningRouted = DomainEvent<
  'WarningRouted',
  {
    readonly warningId: string;
    readonly level: RoutingLevel;
    readonly routedAt: string;
    /** Escalates unless acknowledged by then (ISO instant); null at the top level. */
    readonly acknowledgeBy: string | null;
  }
>;

export type WarningAcknowledged = DomainEvent<
  'WarningAcknowledged',
  { readonly warningId: string; readonly level: RoutingLevel; readonly acknowledgedBy: string; readonly acknowledgedAt: string; readonly note: string | null }
>;

export type WarningEscalated = DomainEvent<
  'WarningEscalated',
  {
    readonly warningId: string;
    readonly from: RoutingLevel;
    readonly to: RoutingLevel;
    /** 'unacknowledged' when the time ran out; 'by-hand' when a supervisor sent it up. */
    readonly reason: 'unacknowledged' | 'by-hand';
    readonly note: string | null;
    readonly escalatedAt: string;
    readonly acknowledgeBy: string | null;
  }
>;

/** Closed with a finding: confirmed with evidence, or dismissed with a reason. */
export type WarningClosed = DomainEvent<
  'WarningClosed',
  {
    readonly warningId: string;
    readonly finding: 'confirmed' | 'dismissed';
    /** Confirmed: what was found and the evidence (documents, event ids); dismissed: why. */
    readonly reason: string;
    readonly evidence: readonly string[];
    readonly closedBy: string;
    readonly closedAt: string;
  }
>;

export type WarningEvent = WarningRaised | WarningRouted | WarningAcknowledged | WarningEscalated | WarningClosed;

export const WARNING_EVENT_TYPES: readonly WarningEvent['type'][] = Object.freeze([
  'WarningRaised',
  'WarningRouted',
  'WarningAcknowledged',
  'WarningEscalated',
  'WarningClosed',
]);

export const WARNING_STREAM_PREFIX = 'warning-';

export function warningStreamId(warningId: string): string {
  return `${WARNING_STREAM_PREFIX}${warningId}`;
}
