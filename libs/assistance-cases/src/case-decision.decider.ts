import { addDays, monthOf, nextMonth } from '@app/calendar';
import { type Command, DomainError } from '@app/ledger/domain';
import { monthlyAward } from './case.amount';
import type { ApproveCase, ConfirmCase, RejectCase, SubmitForCountyConfirmation } from './case.commands';
import { countyConfirmationDue, type DeadlineDeps, rejectionNoticeDue } from './case.deadlines';
import type { CaseEvent } from './case.events';
import {
  authorize,
  COUNTY_REVIEWER,
  requireStatus,
  requireTownshipUnit,
  todayOf,
  TOWNSHIP_APPROVER,
} from './case.guards';
import { incomeNotBelowStandard } from './case-investigation.decider';
import { type CaseState, unmetCountyVisitGrounds } from './case.state';
import type { Award, DecisionMaker, DelegationExplanation, DelegationRefusal } from './case.values';
import {
  requireArray,
  requireDelegation,
  requireFen,
  requireOneOf,
  requireReasons,
  requireStandard,
  requireText,
} from './case.validation';

/** 审核确认: decisions by a township under delegation, recommendations, and county confirmation. */

type Outcome = 'approve' | 'reject';

/** Refusals that mean the township never held the power: its decision becomes a recommendation. */
const NOT_DELEGATED: readonly DelegationRefusal[] = ['none', 'programme-not-delegated'];

export function approveCase(command: ApproveCase, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  return townshipDecision(command, state, deps, 'approve');
}

export function rejectCase(command: RejectCase, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  return townshipDecision(command, state, deps, 'reject');
}

/**
 * A township approver decides under the delegation in force at metadata.now. Without any
 * delegation of the programme, the same act is the township's recommendation to the county. A
 * delegation that exists but does not cover this act (expired, suspended, revoked, not yet valid,
 * over its cap) is refused: the approver submits the case to the county explicitly instead.
 */
function townshipDecision(
  command: ApproveCase | RejectCase,
  state: CaseState,
  deps: DeadlineDeps,
  outcome: Outcome,
): CaseEvent[] {
  const townshipCode = authorize(command, state, TOWNSHIP_APPROVER, 'decide a case at township level');
  requireTownshipUnit(command, townshipCode);
  requireStatus(state, ['opinion-given', 'in-publicity'], 'decide the case');
  const programme = programmeOf(state);
  const delegation = requireDelegation(command.data.delegation, 'delegation', townshipCode, programme);
  if (!delegation.inForce && !NOT_DELEGATED.includes(delegation.reason)) throw notInForce(delegation);
  const today = todayOf(command);
  const reasons = outcome === 'reject' ? requireReasons((command as RejectCase).data.reasons, 'reasons') : [];
  requireReady(state, today, outcome);
  if (!delegation.inForce) return [submission(command, state, deps, today, outcome, reasons, delegation.reason)];

  const award = outcome === 'approve' ? awardFor(command as ApproveCase, state, today) : null;
  if (award) requireCountyVisits(state);
  const cap = delegation.delegation.maxAmountFen;
  if (award?.kind === 'one-off' && cap !== undefined && award.amountFen > cap) {
    throw notInForce({
      inForce: false,
      reason: 'over-cap',
      delegationId: delegation.delegation.delegationId,
      maxAmountFen: cap,
    });
  }
  const decidedBy: DecisionMaker = {
    officialId: command.metadata.actor.id,
    unit: command.metadata.actor.unit,
    level: 'township',
    delegationId: delegation.delegation.delegationId,
  };
  return [decided(state, deps, today, decidedBy, award, reasons)];
}

/** The township sends the case to the county with its recommendation. */
export function submitForCountyConfirmation(
  command: SubmitForCountyConfirmation,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  const townshipCode = authorize(command, state, TOWNSHIP_APPROVER, 'submit a case for county confirmation');
  requireTownshipUnit(command, townshipCode);
  requireStatus(state, ['opinion-given', 'in-publicity'], 'submit the case for county confirmation');
  const recommendation = requireOneOf(command.data.recommendation, ['approve', 'reject'] as const, 'recommendation');
  const reasons =
    recommendation === 'reject' || command.data.reasons !== undefined
      ? requireArray(command.data.reasons, 'reasons', { nonEmpty: recommendation === 'reject' }).map((r, i) =>
          requireText(r, `reasons[${i}]`),
        )
      : [];
  const today = todayOf(command);
  requireReady(state, today, recommendation);
  return [submission(command, state, deps, today, recommendation, reasons, 'submitted-by-choice')];
}

/** 审核确认 by the county of a case the township submitted. */
export function confirmCase(command: ConfirmCase, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, COUNTY_REVIEWER, 'confirm a case for the county');
  requireStatus(state, ['awaiting-county-confirmation'], 'confirm the case');
  const today = todayOf(command);
  const outcome = requireOneOf(command.data.outcome, ['approve', 'reject'] as const, 'outcome');
  const reasons = outcome === 'reject' ? requireReasons(command.data.reasons, 'reasons') : [];
  const award = outcome === 'approve' ? awardFor(command, state, today) : null;
  requireReady(state, today, outcome);
  if (award) requireCountyVisits(state);
  const decidedBy: DecisionMaker = {
    officialId: command.metadata.actor.id,
    unit: command.metadata.actor.unit,
    level: 'county',
  };
  return [decided(state, deps, today, decidedBy, award, reasons)];
}

/**
 * Approval needs an eligible opinion whose publicity has run its full length. Rejection needs the
 * publicity over too, or an ineligible opinion, which is not publicised.
 */
function requireReady(state: CaseState, today: string, outcome: Outcome): void {
  const publicity = state.publicity;
  if (publicity !== null && today <= publicity.until) {
    throw DomainError.conflict(
      'publicity-not-finished',
      `publicity runs until ${publicity.until}; the earliest decision date is ${addDays(publicity.until, 1)}`,
      { until: publicity.until, earliestDecisionOn: addDays(publicity.until, 1) },
    );
  }
  if (publicity === null && !(outcome === 'reject' && state.opinion?.opinion === 'ineligible')) {
    throw DomainError.conflict('publicity-required', 'an eligible opinion must be publicised before the decision');
  }
}

/** A final approval needs a county visit on every ground that requires one; a recommendation does not. */
function requireCountyVisits(state: CaseState): void {
  const grounds = unmetCountyVisitGrounds(state);
  if (grounds.length > 0) {
    throw DomainError.conflict(
      'county-home-visit-required',
      `the county must visit the household before approval (${grounds.join(', ')})`,
      { grounds },
    );
  }
}

/** The award, from the case's assessment and the standard in force; 临时救助 takes the amount given. */
function awardFor(command: ApproveCase | ConfirmCase, state: CaseState, today: string): Award {
  const programme = programmeOf(state);
  const d = command.data;
  if (programme === 'temporary') {
    return { kind: 'one-off', amountFen: requireFen(d.amountFen, 'amountFen', { positive: true }) };
  }
  if (d.amountFen !== undefined) {
    throw DomainError.invalid('amountFen', 'a 低保 or 特困 amount is computed from the case, not given');
  }
  const standard = requireStandard(d.standard, 'standard', programme, today);
  const opinion = state.opinion;
  if (opinion === null || opinion.opinion !== 'eligible') {
    throw DomainError.conflict('opinion-ineligible', 'approval needs an eligible preliminary opinion');
  }
  const { monthlyAmountFen, calculation } = monthlyAward(programme, standard.monthlyFen, opinion.assessment);
  if (monthlyAmountFen <= 0) {
    throw incomeNotBelowStandard(opinion.assessment.countedIncomeFen, standard.monthlyFen, state.memberCount);
  }
  return { kind: 'monthly', monthlyAmountFen, payableFrom: nextMonth(monthOf(today)), standard, calculation };
}

function decided(
  state: CaseState,
  deps: DeadlineDeps,
  today: string,
  decidedBy: DecisionMaker,
  award: Award | null,
  reasons: readonly string[],
): CaseEvent {
  const dueBy = (state.deadline as NonNullable<CaseState['deadline']>).dueBy;
  const common = {
    caseId: state.caseId as string,
    programme: programmeOf(state),
    decidedOn: today,
    decidedBy,
    delegationId: decidedBy.delegationId ?? null,
    deadline: { dueBy, met: today <= dueBy },
  };
  if (award) return { type: 'CaseApproved', data: { ...common, award } };
  return { type: 'CaseRejected', data: { ...common, reasons, noticeDueBy: rejectionNoticeDue(deps, today) } };
}

function submission(
  command: Command,
  state: CaseState,
  deps: DeadlineDeps,
  today: string,
  recommendation: Outcome,
  reasons: readonly string[],
  because: DelegationRefusal | 'submitted-by-choice',
): CaseEvent {
  return {
    type: 'SubmittedForCountyConfirmation',
    data: {
      caseId: state.caseId as string,
      submittedOn: today,
      recommendation,
      reasons,
      submittedBy: { officialId: command.metadata.actor.id, unit: command.metadata.actor.unit },
      because,
      confirmationDueBy: countyConfirmationDue(deps, programmeOf(state), today),
    },
  };
}

function notInForce(delegation: Extract<DelegationExplanation, { inForce: false }>): DomainError {
  return DomainError.forbidden(
    'delegation-not-in-force',
    `the township holds no delegation in force for this decision: ${delegation.reason}`,
    {
      reason: delegation.reason,
      ...(delegation.delegationId === undefined ? {} : { delegationId: delegation.delegationId }),
      ...(delegation.maxAmountFen === undefined ? {} : { maxAmountFen: delegation.maxAmountFen }),
    },
  );
}

function programmeOf(state: CaseState): NonNullable<CaseState['programme']> {
  return state.programme as NonNullable<CaseState['programme']>;
}
