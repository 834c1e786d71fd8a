import { addMonths, monthOf, nextMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { assessIncome, dibaoMonthlyAmountFen, householdAmountFen, netCountedIncomeFen } from './case.amount';
import type { ChangeAmount, RecordJobOfferAccepted, RecordJobOfferRefused, StartGradualExit } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import { assistanceFor, decidedAmountFor, decisionFor } from './case.entitlement';
import type { CaseEvent, JobOfferRefused, MemberShareStopped } from './case.events';
import { evolveCase } from './case.evolve';
import { authorize, authorizeDecision, todayOf, TOWNSHIP_STAFF } from './case.guards';
import type { AmountBasis } from './case-management.values';
import { requireManaged, requirePresentMember } from './case-management.validation';
import type { CaseState } from './case.state';
import type { IncomeByCategory, StandardSnapshot } from './case.values';
import { requireFen, requirePastDate, requireReasons, requireStandard, requireText } from './case.validation';

/** 增发/减发/停发, 渐退期 and job offers: decisions and rules on the amount of an approved case. */

const IN_PAYMENT = ['approved', 'suspended'] as const;

/**
 * A new amount from the month after the decision, computed from the case: the members present,
 * the latest reported income (else the income of the decision in force), the standard in force.
 */
export function changeAmount(command: ChangeAmount, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'change the amount');
  const award = requireManaged(state, IN_PAYMENT, 'change the amount');
  const d = command.data;
  const today = todayOf(command);
  const reasons = requireReasons(d.reasons, 'reasons');
  const programme = state.programme as 'dibao' | 'tekun';
  const standard = requireStandard(d.standard, 'standard', programme, today);
  const from = later(nextMonth(monthOf(today)), award.payableFrom);
  const current = decisionFor(state, from) as NonNullable<ReturnType<typeof decisionFor>>;
  const deducted =
    d.deductibleExpenditureFen === undefined
      ? current.assessment.deductedExpenditureFen
      : requireFen(d.deductibleExpenditureFen, 'deductibleExpenditureFen');
  const income = state.reportedIncomeFen ?? current.assessment.monthlyIncomeFen;
  const { basis, amountFen } = presentBasis(state, deps, standard, income, deducted);
  const previous = decidedAmountFor(state, from)?.amountFen ?? 0;
  if (amountFen === previous) {
    throw DomainError.conflict('amount-unchanged', `the amount computed is the amount in force (${previous} 分)`, {
      monthlyAmountFen: previous,
    });
  }
  return [
    {
      type: 'AmountChanged',
      data: {
        caseId: state.caseId as string,
        decidedOn: today,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        change: amountFen === 0 ? 'stop' : amountFen > previous ? 'raise' : 'cut',
        from,
        previousMonthlyAmountFen: previous,
        monthlyAmountFen: amountFen,
        basis,
        endsGradualExit: current.kind === 'gradual-exit',
      },
    },
  ];
}

/**
 * 渐退期: the reported income, with more from work than the decision in force counted, lifts the
 * household to or above the standard. The amount in force is kept for the policy's months from
 * the month after the decision; after the last one nothing is due and termination is due
 * (terminationDue), decided by TerminateCase with reasons.
 */
export function startGradualExit(command: StartGradualExit, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'start a 渐退期');
  const award = requireManaged(state, ['approved'], 'start a 渐退期');
  if (state.programme !== 'dibao') {
    throw DomainError.conflict('gradual-exit-dibao-only', '渐退期 is a 低保 rule (Art. 33)', { programme: state.programme });
  }
  const today = todayOf(command);
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const standard = requireStandard(command.data.standard, 'standard', 'dibao', today);
  const from = later(nextMonth(monthOf(today)), award.payableFrom);
  const current = decisionFor(state, from) as NonNullable<ReturnType<typeof decisionFor>>;
  if (current.kind === 'gradual-exit') {
    throw DomainError.conflict('gradual-exit-already-started', `a 渐退期 started from ${current.from}`);
  }
  const reported = state.reportedIncomeFen;
  if (reported === null) {
    throw DomainError.conflict(
      'income-change-not-reported',
      'report the household’s new income first (ReportHouseholdChange)',
    );
  }
  const { monthlyIncomeFen, deductedExpenditureFen } = current.assessment;
  const { basis, counted } = presentBasis(state, deps, current.standard, monthlyIncomeFen, deductedExpenditureFen);
  const assessment = assessIncome(reported, counted, deps.policy, deductedExpenditureFen);
  if (dibaoMonthlyAmountFen(standard.monthlyFen, assessment) > 0) {
    throw DomainError.conflict(
      'income-not-above-standard',
      'the reported income is still below the standard: decide a new amount instead (ChangeAmount)',
      { countedIncomeFen: assessment.countedIncomeFen, standardFen: standard.monthlyFen, memberCount: counted },
    );
  }
  if (employment(reported) <= employment(monthlyIncomeFen)) {
    throw DomainError.conflict(
      'income-rise-not-from-employment',
      '渐退期 follows a rise of income from work (wages or business)',
    );
  }
  const kept = decidedAmountFor(state, from)?.amountFen ?? 0;
  if (kept <= 0) throw DomainError.conflict('nothing-to-keep', `nothing is paid from ${from} to keep during a 渐退期`);
  const months = deps.policy.gradualExitMonths;
  return [
    {
      type: 'GradualExitStarted',
      data: {
        caseId: state.caseId as string,
        decidedOn: today,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        from,
        until: addMonths(from, months - 1),
        months,
        monthlyAmountFen: kept,
        assessment,
        standard,
        basis,
      },
    },
  ];
}

/** 低保 Art. 34: the refusal that makes the policy's count in a row stops the member's own share. */
export function recordJobOfferRefused(
  command: RecordJobOfferRefused,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record a refused job offer');
  const award = requireManaged(state, IN_PAYMENT, 'record a job offer');
  requireDibao(state);
  const d = command.data;
  const member = requirePresentMember(state, d.memberIndex, 'memberIndex');
  const today = todayOf(command);
  const refused: JobOfferRefused = {
    type: 'JobOfferRefused',
    data: {
      caseId: state.caseId as string,
      memberIndex: d.memberIndex,
      offeredOn: requirePastDate(d.offeredOn, 'offeredOn', today),
      recordedOn: today,
      offer: requireText(d.offer, 'offer', 500),
      consecutiveRefusals: member.refusedOffers + 1,
    },
  };
  if (refused.data.consecutiveRefusals < deps.policy.maxRefusedJobOffers || member.shareStoppedFrom !== null) {
    return [refused];
  }
  const from = later(nextMonth(monthOf(today)), award.payableFrom);
  const stopped: MemberShareStopped = {
    type: 'MemberShareStopped',
    data: {
      caseId: state.caseId as string,
      memberIndex: d.memberIndex,
      from,
      refusals: refused.data.consecutiveRefusals,
      monthlyAmountFen: null,
    },
  };
  const after = assistanceFor([refused, stopped].reduce(evolveCase, state), from);
  return [refused, { ...stopped, data: { ...stopped.data, monthlyAmountFen: after.due ? after.amountFen : null } }];
}

export function recordJobOfferAccepted(command: RecordJobOfferAccepted, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record an accepted job offer');
  requireManaged(state, IN_PAYMENT, 'record a job offer');
  requireDibao(state);
  const d = command.data;
  const member = requirePresentMember(state, d.memberIndex, 'memberIndex');
  const today = todayOf(command);
  return [
    {
      type: 'JobOfferAccepted',
      data: {
        caseId: state.caseId as string,
        memberIndex: d.memberIndex,
        acceptedOn: requirePastDate(d.acceptedOn, 'acceptedOn', today),
        recordedOn: today,
        offer: requireText(d.offer, 'offer', 500),
        refusalsCleared: member.refusedOffers,
        stoppedShareLifted: member.shareStoppedFrom !== null,
      },
    },
  ];
}

/** The basis of a decision taken now: members present, shares stopped, the given income and standard. */
function presentBasis(
  state: CaseState,
  deps: DeadlineDeps,
  standard: StandardSnapshot,
  income: IncomeByCategory,
  deductedFen: number,
): { readonly basis: AmountBasis; readonly amountFen: number; readonly counted: number } {
  const programme = state.programme as 'dibao' | 'tekun';
  const countedMembers = state.members.flatMap((m, i) => (m.leftOn === null && m.diedOn === null ? [i] : []));
  const stoppedMembers = countedMembers.filter((i) => state.members[i].shareStoppedFrom !== null);
  const assessment = assessIncome(income, countedMembers.length, deps.policy, deductedFen);
  const amountFen = householdAmountFen(
    programme,
    standard.monthlyFen,
    netCountedIncomeFen(assessment),
    countedMembers.length,
    stoppedMembers.length,
  );
  return {
    amountFen,
    counted: countedMembers.length,
    basis: {
      standard,
      assessment,
      countedMembers,
      stoppedMembers,
      calculation: {
        method: programme === 'tekun' ? 'tekun-basic-standard' : 'gap',
        standardFen: standard.monthlyFen,
        memberCount: countedMembers.length,
        stoppedShares: stoppedMembers.length,
        countedIncomeFen: assessment.countedIncomeFen,
        deductedExpenditureFen: assessment.deductedExpenditureFen,
      },
    },
  };
}

function requireDibao(state: CaseState): void {
  if (state.programme !== 'dibao') {
    throw DomainError.conflict('job-offers-dibao-only', 'the job-offer rule is a 低保 rule (Art. 34)', {
      programme: state.programme,
    });
  }
}

function employment(income: IncomeByCategory): number {
  return (income.wages ?? 0) + (income.business ?? 0);
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}
