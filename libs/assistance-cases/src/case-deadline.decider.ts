import { DomainError } from '@app/ledger/domain';
import type { ExtendDeadline, RecordRejectionNotice } from './case.commands';
import { type DeadlineDeps, decisionDue } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, DECIDERS, requireStatus, todayOf, TOWNSHIP_STAFF } from './case.guards';
import type { CaseState } from './case.state';
import { requireOneOf, requirePastDate, requireText } from './case.validation';

/** What the procedure's deadlines ask for: the rejection notice, and the one extension. */

export function recordRejectionNotice(command: RecordRejectionNotice, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record the rejection notice');
  requireStatus(state, ['rejected'], 'record a rejection notice');
  const notice = state.rejectionNotice as NonNullable<CaseState['rejectionNotice']>;
  if (notice.sentOn !== null) {
    throw DomainError.conflict('rejection-notice-already-sent', `the rejection notice was sent on ${notice.sentOn}`);
  }
  const sentOn = requirePastDate(command.data.sentOn, 'sentOn', todayOf(command));
  const decidedOn = (state.decision as NonNullable<CaseState['decision']>).decidedOn;
  if (sentOn < decidedOn) throw DomainError.invalid('sentOn', `sentOn ${sentOn} is before the decision (${decidedOn})`);
  return [
    {
      type: 'RejectionNoticeSent',
      data: {
        caseId: state.caseId as string,
        sentOn,
        method: requireOneOf(command.data.method, ['in-person', 'post', 'electronic'] as const, 'method'),
        dueBy: notice.dueBy,
        late: sentOn > notice.dueBy,
      },
    },
  ];
}

/** One extension (30 → 45 working days for 低保), with a reason, before the deadline has passed. */
export function extendDeadline(command: ExtendDeadline, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, DECIDERS, 'extend the case deadline');
  requireStatus(
    state,
    ['accepted', 'opinion-given', 'in-publicity', 'awaiting-county-confirmation'],
    'extend the deadline',
  );
  const deadline = state.deadline as NonNullable<CaseState['deadline']>;
  if (deadline.extended) {
    throw DomainError.conflict(
      'deadline-already-extended',
      `the deadline was already extended once, to ${deadline.dueBy}`,
    );
  }
  const reason = requireText(command.data.reason, 'reason', 500);
  const today = todayOf(command);
  if (today > deadline.dueBy) {
    throw DomainError.conflict(
      'deadline-passed',
      `the deadline ${deadline.dueBy} has passed; an overrun cannot be extended after the fact`,
      {
        dueBy: deadline.dueBy,
      },
    );
  }
  const extended = decisionDue(
    deps,
    state.programme as NonNullable<CaseState['programme']>,
    state.acceptedOn as string,
    true,
  );
  return [
    {
      type: 'DeadlineExtended',
      data: {
        caseId: state.caseId as string,
        extendedOn: today,
        reason,
        previousDueBy: deadline.dueBy,
        newDueBy: extended.dueBy,
        totalWorkingDays: extended.totalWorkingDays,
      },
    },
  ];
}
