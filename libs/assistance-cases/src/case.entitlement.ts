import { monthOf } from '@app/calendar';
import { householdAmountFen, netCountedIncomeFen } from './case.amount';
import type { AmountDecision, PaymentRecord } from './case-management.state';
import type {
  AmountCalculation,
  EntitlementBasis,
  NotDueReason,
  PaymentBasis,
  PaymentKind,
  PriceSubsidyInput,
} from './case-management.values';
import { type CasePolicy, DEFAULT_CASE_POLICY } from './case.policy';
import { priceSubsidyCalculation } from './case.price-subsidy';
import type { CaseState } from './case.state';

/**
 * What is due for a month, from the case's events alone. The amount of a month is the decision in
 * force for it (the award, a change, a 渐退期) applied to the facts known now: members who died
 * count until their death month, stopped shares from their month. Known later, a fact with an
 * earlier effect changes past months too: that is how overpayments show (overpayments()).
 *
 * Order of the checks: approved and payable, then the household alive, not terminated, not
 * suspended, then the amount. Deaths are checked before the termination because a death reported
 * late must reach back to the month after it, whatever was decided since.
 */

export type AssistanceDue =
  | { readonly due: true; readonly amountFen: number; readonly persons: number; readonly basis: EntitlementBasis }
  | { readonly due: false; readonly reason: NotDueReason; readonly detail: string };

export type Entitlement =
  | {
      readonly due: true;
      readonly month: string;
      readonly kind: PaymentKind;
      readonly amountFen: number;
      readonly basis: PaymentBasis;
    }
  | {
      readonly due: false;
      readonly month: string;
      readonly kind: PaymentKind;
      readonly reason: NotDueReason;
      readonly detail: string;
    };

/** The monthly award of an approved 低保 or 特困 case, or null. */
export function monthlyAwardOf(state: CaseState) {
  const award = state.decision?.outcome === 'approved' ? state.decision.award : null;
  if (award?.kind !== 'monthly' || (state.programme !== 'dibao' && state.programme !== 'tekun')) return null;
  return award;
}

/** The decision in force for a month: the last whose first month is not after it. */
export function decisionFor(state: CaseState, month: string): AmountDecision | null {
  let found: AmountDecision | null = null;
  for (const decision of state.amounts) if (decision.from <= month) found = decision;
  return found;
}

/** The month after which the household has no living member, or null while one lives. */
export function householdEndedAfter(state: CaseState): { readonly month: string; readonly diedOn: string } | null {
  const present = state.members.filter((m) => m.leftOn === null);
  if (present.length === 0 || present.some((m) => m.diedOn === null)) return null;
  const last = present.map((m) => m.diedOn as string).sort().at(-1) as string;
  return { month: monthOf(last), diedOn: last };
}

/** The amount the decision in force fixes for a month, before holds: null past a 渐退期. */
export function decidedAmountFor(
  state: CaseState,
  month: string,
): { readonly amountFen: number; readonly persons: number; readonly basis: EntitlementBasis } | null {
  const decision = decisionFor(state, month);
  if (decision === null || (state.programme !== 'dibao' && state.programme !== 'tekun')) return null;
  const programme = state.programme;
  const counted = decision.countedMembers.filter((i) => alive(state, i, month));
  const stoppedSet = new Set(decision.stoppedMembers);
  for (const stop of state.shareStops.slice(decision.shareStopsBefore)) {
    if (stop.from <= month) stoppedSet.add(stop.memberIndex);
  }
  const stopped = counted.filter((i) => stoppedSet.has(i)).length;
  const exit =
    decision.kind === 'gradual-exit' ? { from: decision.from, until: decision.gradualExitUntil as string } : null;
  if (exit !== null && month > exit.until) return null;
  const calculation: AmountCalculation = {
    method: exit !== null ? 'gradual-exit-kept' : programme === 'tekun' ? 'tekun-basic-standard' : 'gap',
    standardFen: decision.standard.monthlyFen,
    memberCount: counted.length,
    stoppedShares: stopped,
    countedIncomeFen: decision.assessment.countedIncomeFen,
    deductedExpenditureFen: decision.assessment.deductedExpenditureFen,
  };
  // 渐退期 keeps the amount fixed at its start; only the end of the household stops it.
  const amountFen =
    exit !== null
      ? decision.monthlyAmountFen
      : householdAmountFen(
          programme,
          decision.standard.monthlyFen,
          netCountedIncomeFen(decision.assessment),
          counted.length,
          stopped,
        );
  return {
    amountFen,
    persons: counted.length - stopped,
    basis: {
      month,
      programme,
      decision: { kind: decision.kind, decidedOn: decision.decidedOn },
      standardRef: decision.standard.standardRef,
      calculation,
      gradualExit: exit,
    },
  };
}

/** The month's assistance by the events known now, whatever was scheduled or paid. */
export function assistanceFor(state: CaseState, month: string): AssistanceDue {
  const award = monthlyAwardOf(state);
  if (award === null) return notDue('not-approved', 'the case has no approved monthly award');
  if (month < award.payableFrom) {
    return notDue('not-yet-payable', `payment runs from ${award.payableFrom}, the month after the decision`);
  }
  const ended = householdEndedAfter(state);
  if (ended !== null && month > ended.month) {
    return notDue('after-death', `the household's last member died on ${ended.diedOn}`);
  }
  if (state.termination !== null && month >= state.termination.effectiveFrom) {
    return notDue('terminated', `terminated (${state.termination.ground}) from ${state.termination.effectiveFrom}`);
  }
  const suspension = state.suspensions.find(
    (s) => s.fromMonth <= month && (s.resumedFrom === null || month < s.resumedFrom),
  );
  if (suspension !== undefined) {
    return notDue('suspended', `suspended on ${suspension.suspendedOn}, withheld from ${suspension.fromMonth}`);
  }
  const decided = decidedAmountFor(state, month);
  if (decided === null) {
    const last = decisionFor(state, month);
    return notDue('gradual-exit-ended', `the 渐退期 ended with ${last?.gradualExitUntil ?? 'an earlier month'}`);
  }
  if (decided.amountFen <= 0) return notDue('amount-stopped', 'the amount in force for the month is 0 (停发)');
  return { due: true, ...decided };
}

/** The payment holding a month and kind: any not cancelled (a failed one waits for its reissue). */
export function paymentHolding(state: CaseState, month: string, kind: PaymentKind): PaymentRecord | undefined {
  return state.payments.find((p) => p.month === month && p.kind === kind && p.status !== 'cancelled');
}

/**
 * What a batch may pay the case for a month: the assistance, or with `priceSubsidy` the price
 * subsidy (covered programmes, same conditions as the assistance, for each person paid).
 */
export function entitlementFor(
  state: CaseState,
  month: string,
  priceSubsidy?: PriceSubsidyInput,
  policy: Pick<CasePolicy, 'priceSubsidy'> = DEFAULT_CASE_POLICY,
): Entitlement {
  const kind: PaymentKind = priceSubsidy === undefined ? 'assistance' : 'price-subsidy';
  const no = (reason: NotDueReason, detail: string): Entitlement => ({ due: false, month, kind, reason, detail });
  const holding = paymentHolding(state, month, kind);
  if (holding !== undefined) {
    const reason: NotDueReason =
      holding.status === 'scheduled'
        ? 'already-scheduled'
        : holding.status === 'paid'
          ? 'already-paid'
          : 'reissue-pending';
    return no(reason, `payment ${holding.paymentId} (${holding.status}) holds ${month}`);
  }
  const assistance = assistanceFor(state, month);
  if (!assistance.due) return no(assistance.reason, assistance.detail);
  if (priceSubsidy === undefined) {
    return {
      due: true,
      month,
      kind,
      amountFen: assistance.amountFen,
      basis: { kind: 'assistance', entitlement: assistance.basis },
    };
  }
  const programme = assistance.basis.programme;
  if (!policy.priceSubsidy.programmes.includes(programme)) {
    return no('programme-not-covered', `the price subsidy does not cover ${programme}`);
  }
  const calculation = priceSubsidyCalculation(priceSubsidy.cpi, priceSubsidy.standard.monthlyFen, policy.priceSubsidy);
  if (calculation === undefined) {
    const { month: cpiMonth, cpiYoY, foodCpiYoY } = priceSubsidy.cpi;
    return no('not-triggered', `CPI ${cpiYoY}, food CPI ${foodCpiYoY} in ${cpiMonth} trigger nothing`);
  }
  return {
    due: true,
    month,
    kind,
    amountFen: calculation.perPersonFen * assistance.persons,
    basis: {
      kind,
      persons: assistance.persons,
      perPersonFen: calculation.perPersonFen,
      cpi: priceSubsidy.cpi,
      rate: { index: calculation.index, yoy: calculation.yoy },
      standard: priceSubsidy.standard,
      entitlement: assistance.basis,
    },
  };
}

function alive(state: CaseState, memberIndex: number, month: string): boolean {
  const diedOn = state.members[memberIndex]?.diedOn ?? null;
  return diedOn === null || month <= monthOf(diedOn);
}

function notDue(reason: NotDueReason, detail: string): AssistanceDue {
  return { due: false, reason, detail };
}
