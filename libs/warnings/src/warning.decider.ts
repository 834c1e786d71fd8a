import type { WorkingCalendar } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { countyOf } from '@app/platform/jurisdiction';
import {
  type AcknowledgeWarning,
  type CloseWarning,
  type EscalateWarning,
  type RaiseWarning,
  type RouteWarning,
  SYSTEM_ROLE,
  type WarningCommand,
} from './warning.commands';
import type { RoutingLevel, WarningEvent, WarningJurisdiction } from './warning.events';
import {
  acknowledgeByOf,
  closeByOf,
  DEFAULT_WARNING_POLICY,
  levelsOf,
  mayActAtOrAbove,
  nextLevel,
  type WarningPolicy,
} from './warning.policy';
import { evolveWarning, initialWarningState, isAcknowledgementOverdue, type WarningState } from './warning.state';
import {
  MAX_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  optionalText,
  requireEvidence,
  requireLevel,
  requireText,
  requireWarningId,
  validateRaise,
} from './warning.validation';

export interface WarningDeciderOptions {
  readonly policy?: WarningPolicy;
  /** Working days for the acknowledgement and close-out deadlines. */
  readonly calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}

interface Deps {
  readonly policy: WarningPolicy;
  readonly calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}

export type WarningDecider = Decider<WarningCommand, WarningEvent, WarningState>;

/**
 * The rules of one warning (`warning-<warningId>`). Only the system raises one, and it is routed
 * by severity at once. Officials act at the level it sits at (or above, to escalate or close),
 * within its jurisdiction; nothing acts on a closed warning. Pure: the time is metadata.now.
 */
export function createWarningDecider(options: WarningDeciderOptions): WarningDecider {
  const deps: Deps = { policy: options.policy ?? DEFAULT_WARNING_POLICY, calendar: options.calendar };
  return {
    initialState: initialWarningState,
    evolve: evolveWarning,
    decide: (command, state) => decide(command, state, deps),
  };
}

function decide(command: WarningCommand, state: WarningState, deps: Deps): WarningEvent[] {
  if (command.type === 'RaiseWarning') return raise(command, state, deps);
  const warningId = requireWarningId(command.data.warningId);
  if (state.status === 'none') {
    throw DomainError.notFound('warning-not-found', `warning ${warningId} does not exist`, { warningId });
  }
  if (state.warningId !== warningId) {
    throw DomainError.invalid('warningId', `this stream holds warning ${state.warningId}`);
  }
  // An escalation the scheduler planned before a person closed the warning has nothing left to do.
  if (command.type === 'EscalateWarning' && command.data.reason === 'unacknowledged' && state.status === 'closed') {
    requireSystem(command.metadata.actor, 'escalate a warning as unacknowledged');
    return [];
  }
  if (state.status === 'closed') {
    throw DomainError.conflict('warning-closed', `warning ${warningId} is closed`, {
      warningId,
      finding: state.closed?.finding,
      closedAt: state.closed?.at,
    });
  }
  const open = state as OpenWarning;
  switch (command.type) {
    case 'RouteWarning':
      return route(command, open, deps);
    case 'AcknowledgeWarning':
      return acknowledge(command, open);
    case 'EscalateWarning':
      return escalate(command, open, deps);
    case 'CloseWarning':
      return close(command, open);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

type OpenWarning = WarningState & {
  readonly warningId: string;
  readonly jurisdiction: WarningJurisdiction;
  readonly level: RoutingLevel;
};

function raise(command: RaiseWarning, state: WarningState, { policy, calendar }: Deps): WarningEvent[] {
  requireSystem(command.metadata.actor, 'raise a warning');
  const valid = validateRaise(command.data);
  // The same finding offered again (a replay of the log): the warning exists, nothing to add.
  if (state.status !== 'none') {
    if (state.ruleId === valid.ruleId && state.key === valid.key) return [];
    throw DomainError.conflict('warning-exists', `warning ${valid.warningId} was raised for another finding`, {
      warningId: valid.warningId,
      ruleId: state.ruleId,
      key: state.key,
    });
  }
  const now = command.metadata.now;
  const level = policy.routing[valid.severity];
  return [
    {
      type: 'WarningRaised',
      data: {
        warningId: valid.warningId,
        ruleId: valid.ruleId,
        ruleTitle: valid.ruleTitle,
        severity: valid.severity,
        key: valid.key,
        caseId: valid.caseId,
        jurisdiction: { township: valid.township, county: countyOf(valid.township) as string },
        evidence: valid.evidence,
        summary: valid.summary,
        details: valid.details,
        raisedAt: now,
        closeBy: closeByOf(valid.severity, now, policy, calendar),
      },
    },
    {
      type: 'WarningRouted',
      data: { warningId: valid.warningId, level, routedAt: now, acknowledgeBy: acknowledgeByOf(level, now, policy, calendar) },
    },
  ];
}

function route(command: RouteWarning, state: OpenWarning, { policy, calendar }: Deps): WarningEvent[] {
  const { actor, now } = command.metadata;
  const level = requireLevel(command.data.level, 'level');
  if (!mayActAtOrAbove(actor, state.jurisdiction, 'county')) {
    throw forbidden(actor, state, 'route it', 'a county-level reviewer or supervisor, or a discipline inspector');
  }
  if (level === state.level) {
    throw DomainError.conflict('already-at-level', `warning ${state.warningId} is already with the ${level} level`, {
      warningId: state.warningId,
      level,
    });
  }
  return [
    {
      type: 'WarningRouted',
      data: { warningId: state.warningId, level, routedAt: now, acknowledgeBy: acknowledgeByOf(level, now, policy, calendar) },
    },
  ];
}

function acknowledge(command: AcknowledgeWarning, state: OpenWarning): WarningEvent[] {
  const { actor, now } = command.metadata;
  if (!levelsOf(actor, state.jurisdiction).includes(state.level)) {
    throw forbidden(actor, state, 'acknowledge it', `an official of the ${state.level} level of ${state.jurisdiction.township}`);
  }
  const note = optionalText(command.data.note, 'note', MAX_NOTE_LENGTH);
  // A second acknowledgement is refused rather than ignored: whoever sends it learns who has it.
  // A retry of the same request carries the same command id and gets the first result instead.
  if (state.acknowledged !== null) {
    throw DomainError.conflict('already-acknowledged', `warning ${state.warningId} was acknowledged by ${state.acknowledged.by}`, {
      warningId: state.warningId,
      acknowledgedBy: state.acknowledged.by,
      acknowledgedAt: state.acknowledged.at,
    });
  }
  return [
    {
      type: 'WarningAcknowledged',
      data: { warningId: state.warningId, level: state.level, acknowledgedBy: actor.id, acknowledgedAt: now, note },
    },
  ];
}

function escalate(command: EscalateWarning, state: OpenWarning, { policy, calendar }: Deps): WarningEvent[] {
  const { actor, now } = command.metadata;
  const { reason } = command.data;
  const note = optionalText(command.data.note, 'note', MAX_NOTE_LENGTH);
  const to = nextLevel(state.level);
  if (reason === 'unacknowledged') {
    requireSystem(actor, 'escalate a warning as unacknowledged');
    const from = requireLevel(command.data.from, 'from');
    // Acknowledged, or moved to another level since the scheduler looked: nothing to escalate.
    if (from !== state.level || state.acknowledged !== null || to === undefined) return [];
    if (!isAcknowledgementOverdue(state, now)) {
      throw DomainError.conflict('not-overdue', `warning ${state.warningId} may be acknowledged until ${state.acknowledgeBy}`, {
        warningId: state.warningId,
        acknowledgeBy: state.acknowledgeBy,
      });
    }
  } else if (reason === 'by-hand') {
    if (!mayActAtOrAbove(actor, state.jurisdiction, state.level)) {
      throw forbidden(actor, state, 'escalate it', `an official of the ${state.level} level or above`);
    }
    if (command.data.from !== undefined && requireLevel(command.data.from, 'from') !== state.level) {
      throw DomainError.conflict('level-changed', `warning ${state.warningId} is now with the ${state.level} level`, {
        warningId: state.warningId,
        level: state.level,
      });
    }
  } else {
    throw DomainError.invalid('reason', "reason must be 'by-hand' or 'unacknowledged'");
  }
  if (to === undefined) {
    throw DomainError.conflict('top-level', `warning ${state.warningId} is already with the top level`, {
      warningId: state.warningId,
      level: state.level,
    });
  }
  return [
    {
      type: 'WarningEscalated',
      data: {
        warningId: state.warningId,
        from: state.level,
        to,
        reason,
        note,
        escalatedAt: now,
        acknowledgeBy: acknowledgeByOf(to, now, policy, calendar),
      },
    },
  ];
}

function close(command: CloseWarning, state: OpenWarning): WarningEvent[] {
  const { actor, now } = command.metadata;
  if (!mayActAtOrAbove(actor, state.jurisdiction, state.level)) {
    throw forbidden(actor, state, 'close it', `an official of the ${state.level} level or above`);
  }
  const { finding } = command.data;
  if (finding !== 'confirmed' && finding !== 'dismissed') {
    throw DomainError.invalid('finding', "finding must be 'confirmed' or 'dismissed'");
  }
  const reason = requireText(command.data.reason, 'reason', MAX_REASON_LENGTH);
  // Confirming needs the proof (documents, event ids); dismissing needs only the reason.
  const evidence = requireEvidence(command.data.evidence ?? [], 'evidence', finding === 'confirmed' ? 1 : 0);
  return [
    {
      type: 'WarningClosed',
      data: { warningId: state.warningId, finding, reason, evidence, closedBy: actor.id, closedAt: now },
    },
  ];
}

function requireSystem(actor: Actor, action: string): void {
  if (actor.role !== SYSTEM_ROLE) {
    throw DomainError.forbidden('system-only', `only the rules engine may ${action}`, { role: actor.role });
  }
}

function forbidden(actor: Actor, state: OpenWarning, action: string, who: string): DomainError {
  return DomainError.forbidden('not-warning-handler', `warning ${state.warningId} is with the ${state.level} level: ${who} may ${action}`, {
    warningId: state.warningId,
    level: state.level,
    township: state.jurisdiction.township,
    role: actor.role,
    unit: actor.unit,
  });
}
