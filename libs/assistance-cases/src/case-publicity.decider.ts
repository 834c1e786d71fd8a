import { isIsoDate } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { RecordComplaint, RecordObjection, StartPublicity } from './case.commands';
import { type DeadlineDeps, opinionDue, publicityUntil } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, requireStatus, todayOf, TOWNSHIP_STAFF, TOWNSHIP_STAFF_OR_COUNTY } from './case.guards';
import type { CaseState } from './case.state';
import { requireObject, requirePastDate, requireText } from './case.validation';

/** 公示 of the preliminary opinion, objections during it, complaints after it. */

/** 公示 of an eligible opinion for the policy's number of days, from today or a later day. */
export function startPublicity(command: StartPublicity, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'start publicity');
  requireStatus(state, ['opinion-given'], 'start publicity');
  if (state.opinion?.opinion !== 'eligible') {
    throw DomainError.conflict(
      'opinion-ineligible',
      'only an eligible opinion is publicised; an ineligible one goes to the decision',
    );
  }
  const today = todayOf(command);
  const from = command.data.from ?? today;
  if (!isIsoDate(from)) throw DomainError.invalid('from', 'from must be a date YYYY-MM-DD');
  if (from < today) throw DomainError.invalid('from', `publicity cannot start before today (${today})`);
  return [
    {
      type: 'PublicityStarted',
      data: {
        caseId: state.caseId as string,
        round: state.round,
        from,
        until: publicityUntil(deps.policy, from),
        place: requireText(command.data.place, 'place', 200),
      },
    },
  ];
}

/** An objection received during publicity sends the case back to investigation. */
export function recordObjection(command: RecordObjection, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record an objection');
  requireStatus(state, ['in-publicity'], 'record an objection');
  const publicity = state.publicity as NonNullable<CaseState['publicity']>;
  const today = todayOf(command);
  const receivedOn = requirePastDate(command.data.receivedOn, 'receivedOn', today);
  if (receivedOn < publicity.from || receivedOn > publicity.until) {
    throw DomainError.invalid(
      'receivedOn',
      `receivedOn ${receivedOn} is outside the publicity (${publicity.from} to ${publicity.until})`,
    );
  }
  const personal = command.data.personal === undefined ? undefined : requireObject(command.data.personal, 'personal');
  const objectorName =
    personal?.objectorName === undefined ? undefined : requireText(personal.objectorName, 'personal.objectorName', 100);
  return [
    {
      type: 'ObjectionRecorded',
      data: {
        caseId: state.caseId as string,
        round: state.round,
        receivedOn,
        summary: requireText(command.data.summary, 'summary'),
        returnedTo: 'investigation',
        opinionDueBy: opinionDue(deps, state.programme as NonNullable<CaseState['programme']>, today),
        ...(objectorName === undefined ? {} : { personal: { objectorName } }),
      },
    },
  ];
}

/** 投诉举报 while the decision is pending (after publicity): the county must visit (低保 Art. 20). */
export function recordComplaint(command: RecordComplaint, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'record a complaint');
  const today = todayOf(command);
  const pending =
    state.status === 'awaiting-county-confirmation' ||
    (state.status === 'in-publicity' && state.publicity !== null && today > state.publicity.until);
  if (!pending) {
    throw DomainError.conflict(
      'not-awaiting-decision',
      'a complaint is recorded while the decision is pending; during publicity, record an objection',
      {
        status: state.status,
      },
    );
  }
  return [
    {
      type: 'ComplaintRecorded',
      data: {
        caseId: state.caseId as string,
        receivedOn: requirePastDate(command.data.receivedOn, 'receivedOn', today),
        summary: requireText(command.data.summary, 'summary'),
        countyHomeVisitRequired: true,
      },
    },
  ];
}
