import { monthOf } from '@app/calendar';
import type { PaymentKind, PaymentBasis } from '@app/assistance-cases/case-management.values';
import { decidedAmountFor, decisionFor, householdEndedAfter } from '@app/assistance-cases/case.entitlement';
import type { CaseEvent } from '@app/assistance-cases/case.events';
import type { CaseState } from '@app/assistance-cases/case.state';
import { caseTypes } from './rule-support';

/**
 * Payments as the rules judge them. A money event is one that sends money or decides to: a
 * payment scheduled, reissued, or settled as paid by the bank. Failures, returns and
 * cancellations send nothing.
 */
export const MONEY_EVENT_TYPES = caseTypes('PaymentScheduled', 'PaymentReissued', 'PaymentSettled');

export type MoneyEvent = Extract<CaseEvent, { type: (typeof MONEY_EVENT_TYPES)[number] }>;

export function isMoneyEvent(event: CaseEvent): event is MoneyEvent {
  return event.type === 'PaymentScheduled' || event.type === 'PaymentReissued' || event.type === 'PaymentSettled';
}

/** One payment: from the case's record of it, or from the event alone when the case has none. */
export interface PaymentFact {
  readonly paymentId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
  readonly basis: PaymentBasis | null;
  /** 'scheduled' or 'paid': what the event did. */
  readonly stage: 'scheduled' | 'paid';
}

export function paymentFact(event: MoneyEvent, after: CaseState): PaymentFact {
  const d = event.data;
  const record = after.payments.find((p) => p.paymentId === d.paymentId);
  const basis = 'basis' in d ? d.basis : (record?.basis ?? null);
  const stage = event.type === 'PaymentSettled' ? 'paid' : 'scheduled';
  return { paymentId: d.paymentId, month: d.month, kind: d.kind, amountFen: d.amountFen, basis, stage };
}

/** The case's paid payments as facts (what has left the bank and was not sent back). */
export function paidPayments(state: CaseState): PaymentFact[] {
  return state.payments
    .filter((p) => p.status === 'paid')
    .map(({ paymentId, month, kind, amountFen, basis }): PaymentFact => {
      return { paymentId, month, kind, amountFen, basis, stage: 'paid' };
    });
}

/**
 * What the decision in force fixes for the payment's month and kind before any hold (suspension,
 * termination), with the deaths known now; null when no decision covers the month.
 */
export function decidedFenFor(state: CaseState, payment: PaymentFact): number | null {
  const decided = decidedAmountFor(state, payment.month);
  if (decided === null) return null;
  if (payment.kind === 'assistance') return decided.amountFen;
  return payment.basis?.kind === 'price-subsidy' ? payment.basis.perPersonFen * decided.persons : null;
}

/** A payment for a month after a death that still pays for the dead (rule payment-after-death). */
export interface DeathExcess {
  /** No member of the household was alive in the month: nothing at all was due. */
  readonly householdEnded: boolean;
  /** Member indexes of the dead the payment still counts (the whole household when it ended). */
  readonly deadMembers: readonly number[];
  readonly dueFen: number;
  readonly excessFen: number;
}

/**
 * A payment for a month after the death month of the household's last member, or one whose amount
 * is above what the decision in force gives once members who died before the month are left out.
 * The death month itself is due (the member counts until the end of it).
 */
export function deathExcess(state: CaseState, payment: PaymentFact): DeathExcess | null {
  if (payment.amountFen <= 0) return null;
  const ended = householdEndedAfter(state);
  if (ended !== null && payment.month > ended.month) {
    const dead = state.members.flatMap((m, i) => (m.leftOn === null && m.diedOn !== null ? [i] : []));
    return { householdEnded: true, deadMembers: dead, dueFen: 0, excessFen: payment.amountFen };
  }
  const decision = decisionFor(state, payment.month);
  if (decision === null) return null;
  const dead = decision.countedMembers.filter((i) => {
    const diedOn = state.members[i]?.diedOn ?? null;
    return diedOn !== null && monthOf(diedOn) < payment.month;
  });
  if (dead.length === 0) return null;
  const dueFen = decidedFenFor(state, payment) ?? 0;
  if (payment.amountFen <= dueFen) return null;
  return { householdEnded: false, deadMembers: dead, dueFen, excessFen: payment.amountFen - dueFen };
}

/** A hold that makes a month not due: a suspension covering it, or a termination before it. */
export type Hold =
  | { readonly kind: 'terminated'; readonly effectiveFrom: string; readonly ground: string }
  | {
      readonly kind: 'suspended';
      /** Its index in the case's suspensions. */
      readonly suspension: number;
      readonly fromMonth: string;
      readonly resumedFrom: string | null;
    };

/**
 * The hold on a month, if any. A termination on the ground of death is left to the death rule when
 * the deaths explain it (the household has ended); recorded without them, it counts as a hold.
 */
export function holdFor(state: CaseState, month: string): Hold | null {
  const t = state.termination;
  if (t !== null && month >= t.effectiveFrom && !(t.ground === 'death' && householdEndedAfter(state) !== null)) {
    return { kind: 'terminated', effectiveFrom: t.effectiveFrom, ground: t.ground };
  }
  const index = state.suspensions.findIndex(
    (s) => s.fromMonth <= month && (s.resumedFrom === null || month < s.resumedFrom),
  );
  if (index < 0) return null;
  const s = state.suspensions[index];
  return { kind: 'suspended', suspension: index, fromMonth: s.fromMonth, resumedFrom: s.resumedFrom };
}
