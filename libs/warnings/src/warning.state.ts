import type { Severity } from './rules/integrity-rule';
import type { RoutingLevel, WarningEvent, WarningJurisdiction } from './warning.events';

export type WarningStatus = 'none' | 'open' | 'closed';

export interface WarningAcknowledgement {
  readonly level: RoutingLevel;
  readonly by: string;
  readonly at: string;
}

export interface WarningClosure {
  readonly finding: 'confirmed' | 'dismissed';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** One warning as its stream tells it. */
export interface WarningState {
  readonly status: WarningStatus;
  readonly warningId: string | null;
  readonly ruleId: string | null;
  readonly severity: Severity | null;
  readonly key: string | null;
  readonly caseId: string | null;
  readonly jurisdiction: WarningJurisdiction | null;
  readonly raisedAt: string | null;
  readonly closeBy: string | null;
  /** Where it sits now; null until routed. */
  readonly level: RoutingLevel | null;
  readonly routedAt: string | null;
  /** Escalates unless acknowledged by then; null at the top level or once acknowledged there. */
  readonly acknowledgeBy: string | null;
  /** The acknowledgement at the current level; a move to another level clears it. */
  readonly acknowledged: WarningAcknowledgement | null;
  readonly escalations: number;
  readonly closed: WarningClosure | null;
}

export function initialWarningState(): WarningState {
  return {
    status: 'none',
    warningId: null,
    ruleId: null,
    severity: null,
    key: null,
    caseId: null,
    jurisdiction: null,
    raisedAt: null,
    closeBy: null,
    level: null,
    routedAt: null,
    acknowledgeBy: null,
    acknowledged: null,
    escalations: 0,
    closed: null,
  };
}

/** Folds one event into the warning. Total over every event type; never refuses. */
export function evolveWarning(state: WarningState, event: WarningEvent): WarningState {
  switch (event.type) {
    case 'WarningRaised': {
      const d = event.data;
      return {
        ...state,
        status: 'open',
        warningId: d.warningId,
        ruleId: d.ruleId,
        severity: d.severity,
        key: d.key,
        caseId: d.caseId,
        jurisdiction: d.jurisdiction,
        raisedAt: d.raisedAt,
        closeBy: d.closeBy,
      };
    }
    case 'WarningRouted':
      return {
        ...state,
        level: event.data.level,
        routedAt: event.data.routedAt,
        acknowledgeBy: event.data.acknowledgeBy,
        acknowledged: null,
      };
    case 'WarningAcknowledged':
      return {
        ...state,
        acknowledged: { level: event.data.level, by: event.data.acknowledgedBy, at: event.data.acknowledgedAt },
      };
    case 'WarningEscalated':
      return {
        ...state,
        level: event.data.to,
        routedAt: event.data.escalatedAt,
        acknowledgeBy: event.data.acknowledgeBy,
        acknowledged: null,
        escalations: state.escalations + 1,
      };
    case 'WarningClosed':
      return {
        ...state,
        status: 'closed',
        closed: { finding: event.data.finding, reason: event.data.reason, by: event.data.closedBy, at: event.data.closedAt },
      };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * True when the warning waits for an acknowledgement that is overdue at `now`: open, not
 * acknowledged at its level, and `now` after acknowledgeBy.
 */
export function isAcknowledgementOverdue(state: WarningState, now: string): boolean {
  return (
    state.status === 'open' &&
    state.acknowledged === null &&
    state.acknowledgeBy !== null &&
    Date.parse(now) > Date.parse(state.acknowledgeBy)
  );
}
