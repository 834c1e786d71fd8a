import type { RecordedEvent } from '@app/ledger/envelope';
import type { Severity } from '../rules/integrity-rule';
import type { RoutingLevel, WarningEvent, WarningJurisdiction } from '../warning.events';

/**
 * Where a warning stands, as a supervisor's list shows it: `open` (raised or routed, not yet
 * acknowledged at its level), `acknowledged` (someone at its level has it), `escalated` (moved up
 * unacknowledged, not yet acknowledged there) or `closed` (with a finding).
 */
export type AlertStatus = 'open' | 'acknowledged' | 'escalated' | 'closed';

export const ALERT_STATUSES: readonly AlertStatus[] = Object.freeze(['open', 'acknowledged', 'escalated', 'closed']);

export interface AlertAcknowledgement {
  readonly level: RoutingLevel;
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
}

export interface AlertClosure {
  readonly finding: 'confirmed' | 'dismissed';
  readonly reason: string;
  readonly evidence: readonly string[];
  readonly by: string;
  readonly at: string;
}

/**
 * One warning as an alert: the same shape in the `warnings` read model, in `GET /alerts`, and in
 * every message of `GET /alerts/stream`, because all of them fold the warning's events with
 * `evolveAlert`. Details of the finding stay in the warning's stream (`GET /alerts/:warningId`).
 */
export interface AlertView {
  readonly warningId: string;
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly caseId: string | null;
  readonly jurisdiction: WarningJurisdiction;
  /** Ledger event ids that show the problem, the triggering one last. */
  readonly evidence: readonly string[];
  readonly status: AlertStatus;
  /** Who has it now; null only between the raise and its routing (never seen outside one append). */
  readonly level: RoutingLevel | null;
  readonly escalations: number;
  readonly raisedAt: string;
  /** Since when it is with its current level. */
  readonly routedAt: string | null;
  /** Escalates unless acknowledged by then; null at the top level. */
  readonly acknowledgeBy: string | null;
  /** The acknowledgement at the current level; a move to another level clears it. */
  readonly acknowledged: AlertAcknowledgement | null;
  /** Close-out deadline, an inclusive China date. */
  readonly closeBy: string;
  readonly closed: AlertClosure | null;
  /** Revision of the warning stream's last event: the ETag a command on the warning sends as If-Match. */
  readonly revision: number;
  /** Ledger checkpoint of the warning's last event. */
  readonly checkpoint: string;
  /** occurredAt of the last event. */
  readonly updatedAt: string;
}

/**
 * Folds one event of a `warning-<id>` stream into its alert. `undefined` before the WarningRaised
 * (an event that cannot start a warning leaves it undefined). Pure and total.
 */
export function evolveAlert(view: AlertView | undefined, event: RecordedEvent<WarningEvent>): AlertView | undefined {
  const stamp = {
    revision: Number(event.revision),
    checkpoint: event.checkpoint,
    updatedAt: event.metadata.occurredAt,
  };
  if (event.type === 'WarningRaised') {
    const d = event.data;
    return {
      warningId: d.warningId,
      ruleId: d.ruleId,
      ruleTitle: d.ruleTitle,
      severity: d.severity,
      summary: d.summary,
      caseId: d.caseId,
      jurisdiction: { township: d.jurisdiction.township, county: d.jurisdiction.county },
      evidence: [...d.evidence],
      status: 'open',
      level: null,
      escalations: 0,
      raisedAt: d.raisedAt,
      routedAt: null,
      acknowledgeBy: null,
      acknowledged: null,
      closeBy: d.closeBy,
      closed: null,
      ...stamp,
    };
  }
  if (!view) return undefined;
  switch (event.type) {
    case 'WarningRouted': {
      const d = event.data;
      return {
        ...view,
        ...stamp,
        // Sent somewhere by hand (or first routed): it waits for an acknowledgement there.
        status: view.closed ? 'closed' : 'open',
        level: d.level,
        routedAt: d.routedAt,
        acknowledgeBy: d.acknowledgeBy,
        acknowledged: null,
      };
    }
    case 'WarningAcknowledged': {
      const d = event.data;
      return {
        ...view,
        ...stamp,
        status: view.closed ? 'closed' : 'acknowledged',
        acknowledged: { level: d.level, by: d.acknowledgedBy, at: d.acknowledgedAt, note: d.note },
      };
    }
    case 'WarningEscalated': {
      const d = event.data;
      return {
        ...view,
        ...stamp,
        status: view.closed ? 'closed' : 'escalated',
        level: d.to,
        escalations: view.escalations + 1,
        routedAt: d.escalatedAt,
        acknowledgeBy: d.acknowledgeBy,
        acknowledged: null,
      };
    }
    case 'WarningClosed': {
      const d = event.data;
      return {
        ...view,
        ...stamp,
        status: 'closed',
        closed: { finding: d.finding, reason: d.reason, evidence: [...d.evidence], by: d.closedBy, at: d.closedAt },
      };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** True when the warning is still open on `day` (China date) past its close-out date. */
export function isCloseOutOverdue(view: Pick<AlertView, 'closed' | 'closeBy'>, day: string): boolean {
  return view.closed === null && day > view.closeBy;
}

/** True when it waits, at `now`, for an acknowledgement whose deadline has passed. */
export function isAcknowledgementLate(view: Pick<AlertView, 'closed' | 'acknowledged' | 'acknowledgeBy'>, now: string): boolean {
  return view.closed === null && view.acknowledged === null && view.acknowledgeBy !== null && Date.parse(now) > Date.parse(view.acknowledgeBy);
}
