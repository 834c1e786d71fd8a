import { isIsoDate, monthOf, nextMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type {
  RecordTerminationObjection,
  StartTerminationPublicity,
  TerminateCase,
  WithdrawTermination,
} from './case.commands';
import { type DeadlineDeps, publicityUntil } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, authorizeDecision, todayOf, TOWNSHIP_STAFF } from './case.guards';
import { TERMINATION_GROUNDS, type TerminationGround } from './case-management.values';
import { scheduledPaymentsFrom } from './case-management.queries';
import { requireManaged } from './case-management.validation';
import type { CaseState } from './case.state';
import {
  requireObject,
  requireOneOf,
  requirePastDate,
  requireReasons,
  requireText,
} from './case.validation';

/** 终止 of an approved case: the 特困 publicity and objections, the decision. */

const IN_PAYMENT = ['approved', 'suspended'] as const;

/** 特困 Art. 25: the proposed termination and its ground are publicised first (7 days). */
export function startTerminationPublicity(
  command: StartTerminationPublicity,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'publicise a proposed termination');
  requireManaged(state, IN_PAYMENT, 'publicise a termination');
  if (state.programme !== 'tekun') {
    throw DomainError.conflict('termination-publicity-tekun-only', '低保 terminations are decided without publicity');
  }
  const procedure = state.terminationProcedure;
  const today = todayOf(command);
  if (procedure !== null && procedure.objection === null) {
    throw DomainError.conflict('termination-publicity-running', `a termination was publicised from ${procedure.from}`, {
      from: procedure.from,
      until: procedure.until,
    });
  }
  const from = command.data.from ?? today;
  if (!isIsoDate(from)) throw DomainError.invalid('from', 'from must be a date YYYY-MM-DD');
  if (from < today) throw DomainError.invalid('from', `publicity cannot start before today (${today})`);
  return [
    {
      type: 'TerminationPublicityStarted',
      data: {
        caseId: state.caseId as string,
        ground: requireOneOf(command.data.ground, TERMINATION_GROUNDS, 'ground'),
        reasons: requireReasons(command.data.reasons, 'reasons'),
        from,
        until: publicityUntil(deps.policy, from),
        place: requireText(command.data.place, 'place', 200),
        startedBy: { officialId: command.metadata.actor.id, unit: command.metadata.actor.unit },
      },
    },
  ];
}

/** An objection during the publicity: decided within 15 working days, then publicised again. */
export function recordTerminationObjection(
  command: RecordTerminationObjection,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record an objection to a termination');
  requireManaged(state, IN_PAYMENT, 'record an objection');
  const procedure = state.terminationProcedure;
  if (procedure === null || procedure.objection !== null) {
    throw DomainError.conflict('no-termination-publicity', 'no termination publicity is running');
  }
  const today = todayOf(command);
  const receivedOn = requirePastDate(command.data.receivedOn, 'receivedOn', today);
  if (receivedOn < procedure.from || receivedOn > procedure.until) {
    throw DomainError.invalid(
      'receivedOn',
      `receivedOn ${receivedOn} is outside the publicity (${procedure.from} to ${procedure.until})`,
    );
  }
  const personal = command.data.personal === undefined ? undefined : requireObject(command.data.personal, 'personal');
  const objectorName =
    personal?.objectorName === undefined ? undefined : requireText(personal.objectorName, 'personal.objectorName', 100);
  return [
    {
      type: 'TerminationObjectionRecorded',
      data: {
        caseId: state.caseId as string,
        receivedOn,
        summary: requireText(command.data.summary, 'summary'),
        decideBy: deps.calendar.addWorkingDays(today, deps.policy.terminationObjectionWorkingDays),
        ...(objectorName === undefined ? {} : { personal: { objectorName } }),
      },
    },
  ];
}

export function withdrawTermination(command: WithdrawTermination, state: CaseState): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'withdraw a proposed termination');
  requireManaged(state, IN_PAYMENT, 'withdraw a termination');
  const procedure = state.terminationProcedure;
  if (procedure === null) throw DomainError.conflict('no-termination-proposed', 'no termination is proposed');
  return [
    {
      type: 'TerminationWithdrawn',
      data: {
        caseId: state.caseId as string,
        decidedOn: todayOf(command),
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons: requireReasons(command.data.reasons, 'reasons'),
        ground: procedure.ground,
      },
    },
  ];
}

/**
 * 终止, effective from the month after the decision. 特困 needs its publicity run to the end with
 * no objection left unanswered (an objection is answered by a new publicity or a withdrawal).
 */
export function terminateCase(command: TerminateCase, state: CaseState): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'terminate a case');
  requireManaged(state, IN_PAYMENT, 'terminate the case');
  const today = todayOf(command);
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const given =
    command.data.ground === undefined ? undefined : requireOneOf(command.data.ground, TERMINATION_GROUNDS, 'ground');
  let publicity: { from: string; until: string } | null = null;
  let ground: TerminationGround | undefined = given;
  if (state.programme === 'tekun') {
    const procedure = state.terminationProcedure;
    if (procedure === null) {
      throw DomainError.conflict('termination-publicity-required', '特困 termination is publicised for 7 days first');
    }
    if (procedure.objection !== null) {
      throw DomainError.conflict(
        'termination-objection-pending',
        `an objection received on ${procedure.objection.receivedOn} awaits its answer`,
        { decideBy: procedure.objection.decideBy },
      );
    }
    if (today <= procedure.until) {
      throw DomainError.conflict('termination-publicity-not-finished', `publicity runs until ${procedure.until}`, {
        until: procedure.until,
      });
    }
    if (given !== undefined && given !== procedure.ground) {
      throw DomainError.invalid('ground', `the publicised ground is ${procedure.ground}, not ${given}`);
    }
    ground = procedure.ground;
    publicity = { from: procedure.from, until: procedure.until };
  } else if (ground === undefined) {
    throw DomainError.invalid('ground', `ground must be one of ${TERMINATION_GROUNDS.join(', ')}`);
  }
  const effectiveFrom = nextMonth(monthOf(today));
  return [
    {
      type: 'CaseTerminated',
      data: {
        caseId: state.caseId as string,
        programme: state.programme as NonNullable<CaseState['programme']>,
        decidedOn: today,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        ground: ground as TerminationGround,
        effectiveFrom,
        publicity,
        paymentsToCancel: scheduledPaymentsFrom(state, effectiveFrom),
      },
    },
  ];
}
