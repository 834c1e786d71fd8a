import { addMonths, dateInChina, lastDayOf, monthOf } from '@app/calendar';
import type { ReviewCadence } from './case-management.policy';
import type { PaymentRecord } from './case-management.state';
import type { NotDueReason, PaymentKind } from './case-management.values';
import { assistanceFor, monthlyAwardOf } from './case.entitlement';
import { type CasePolicy, DEFAULT_CASE_POLICY } from './case.policy';
import type { CaseState } from './case.state';

/** Questions about a case after approval. `asOf` is a local date or an instant, read in China time. */

export function reviewCadence(state: CaseState): ReviewCadence {
  if (state.programme === 'tekun') return 'tekun';
  return state.review?.reviewClass ?? 'unclassified';
}

/** A review is due by the last day of the month `months` after the month of `from`. */
export function reviewDueFrom(from: string, months: number): string {
  return lastDayOf(addMonths(monthOf(from), months));
}

/**
 * When the next periodic review is due: as fixed by the last review or classification, else counted
 * from the approval at the case's cadence. null when the case is not in payment (or terminated).
 */
export function reviewDueBy(
  state: CaseState,
  policy: Pick<CasePolicy, 'reviewIntervalMonths'> = DEFAULT_CASE_POLICY,
): string | null {
  if (monthlyAwardOf(state) === null || state.review === null || state.status === 'terminated') return null;
  return (
    state.review.nextDueBy ??
    reviewDueFrom(state.review.approvedOn, policy.reviewIntervalMonths[reviewCadence(state)])
  );
}

export function isReviewOverdue(
  state: CaseState,
  asOf: string,
  policy: Pick<CasePolicy, 'reviewIntervalMonths'> = DEFAULT_CASE_POLICY,
): boolean {
  const due = reviewDueBy(state, policy);
  return due !== null && dateInChina(asOf) > due;
}

export type OverpaymentReason = NotDueReason | 'amount-reduced' | 'duplicate';

export interface Overpayment {
  readonly paymentId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly paidFen: number;
  /** Paid beyond what the events known now make due for the month. */
  readonly overpaidFen: number;
  /** Already in a recovery order. */
  readonly orderedFen: number;
  readonly reason: OverpaymentReason;
}

/**
 * Payments recorded as paid beyond what was due for their month by the events known now: a death,
 * a suspension or a termination recorded later with an earlier effect, a member who died while the
 * household was still paid for them, or a second payment of the same month. Returned money is not
 * counted; what a recovery order already covers is shown in orderedFen.
 */
export function overpayments(state: CaseState): readonly Overpayment[] {
  const groups = new Map<string, PaymentRecord[]>();
  for (const p of state.payments) {
    if (p.status !== 'paid') continue;
    const key = `${p.month}|${p.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const ordered = new Map<string, number>();
  for (const recovery of state.recoveries) {
    for (const item of recovery.items) ordered.set(item.paymentId, (ordered.get(item.paymentId) ?? 0) + item.amountFen);
  }
  const result: Overpayment[] = [];
  for (const group of groups.values()) {
    // What was paid in good order counts first: a payment flagged at settlement is the excess.
    const paid = [...group].sort(
      (a, b) => Number(a.flaggedForRecovery) - Number(b.flaggedForRecovery) || compare(a.settledOn, b.settledOn),
    );
    const { month, kind } = paid[0];
    const now = assistanceFor(state, month);
    const first = paid[0].basis;
    let remaining = !now.due ? 0 : first.kind === 'price-subsidy' ? first.perPersonFen * now.persons : now.amountFen;
    for (const p of paid) {
      const allowed = Math.min(p.amountFen, remaining);
      const duplicate = now.due && remaining === 0 && p !== paid[0];
      remaining -= allowed;
      const overpaidFen = p.amountFen - allowed;
      if (overpaidFen === 0) continue;
      result.push({
        paymentId: p.paymentId,
        month,
        kind,
        paidFen: p.amountFen,
        overpaidFen,
        orderedFen: ordered.get(p.paymentId) ?? 0,
        reason: !now.due ? now.reason : duplicate ? 'duplicate' : 'amount-reduced',
      });
    }
  }
  return result.sort((a, b) => (a.month === b.month ? a.kind.localeCompare(b.kind) : a.month.localeCompare(b.month)));
}

function compare(a: string | null, b: string | null): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

/** Overpaid and not yet ordered for recovery, in 分. */
export function unrecoveredOverpaymentFen(state: CaseState): number {
  return overpayments(state).reduce((sum, o) => sum + Math.max(0, o.overpaidFen - o.orderedFen), 0);
}

export interface PaymentToCancel {
  readonly paymentId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
  readonly reason: NotDueReason | 'amount-reduced';
}

/** Scheduled payments the bank has not settled that now pay more than is due: pull them from the batch. */
export function paymentsToCancel(state: CaseState): readonly PaymentToCancel[] {
  return state.payments.flatMap((p): PaymentToCancel[] => {
    if (p.status !== 'scheduled') return [];
    const now = assistanceFor(state, p.month);
    const base = { paymentId: p.paymentId, month: p.month, kind: p.kind, amountFen: p.amountFen };
    if (!now.due) return [{ ...base, reason: now.reason }];
    const dueFen =
      p.basis.kind === 'price-subsidy' ? p.basis.perPersonFen * now.persons : now.amountFen;
    return dueFen < p.amountFen ? [{ ...base, reason: 'amount-reduced' }] : [];
  });
}

/**
 * A case that pays nothing any more and waits for its termination decision: the 渐退期 has ended,
 * or the amount in force is 0 (停发). Terminations are decisions with reasons (低保 Art. 32), so
 * this is a prompt for TerminateCase, never a termination by itself.
 */
export function terminationDue(
  state: CaseState,
  asOf: string,
): { readonly reason: 'gradual-exit-ended' | 'amount-stopped'; readonly month: string } | null {
  if (state.termination !== null || monthlyAwardOf(state) === null) return null;
  const month = monthOf(asOf);
  const now = assistanceFor(state, month);
  if (!now.due && (now.reason === 'gradual-exit-ended' || now.reason === 'amount-stopped')) {
    return { reason: now.reason, month };
  }
  return null;
}

/** Scheduled (unsettled) payments of months from `month` on. */
export function scheduledPaymentsFrom(state: CaseState, month: string): string[] {
  return state.payments.filter((p) => p.status === 'scheduled' && p.month >= month).map((p) => p.paymentId);
}
