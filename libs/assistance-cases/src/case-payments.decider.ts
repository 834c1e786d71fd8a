import { addMonths, monthOf } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { CancelPayment, RecordSettlement, ReissuePayment, SchedulePayment } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import { assistanceFor, entitlementFor } from './case.entitlement';
import type { CaseEvent, PaymentSettled } from './case.events';
import { authorize, todayOf, TOWNSHIP_STAFF_OR_COUNTY } from './case.guards';
import type { PaymentRecord } from './case-management.state';
import { type NotDueReason, PAYMENT_KINDS, type PaymentBasis } from './case-management.values';
import { requireMonth, requirePayment, requirePriceSubsidyInput } from './case-management.validation';
import type { CaseState } from './case.state';
import { requireId, requireOneOf, requirePastDate, requireReasons, requireText } from './case.validation';

/**
 * Payments in the case stream. A batch asks the case for each month; the case answers with the
 * amount its events make due, or a visible refusal. A month and kind is held by any payment not
 * cancelled (scheduled, paid, or failed and waiting for its one reissue), so re-running a batch
 * pays nobody twice.
 */

const HELD: readonly NotDueReason[] = ['already-scheduled', 'already-paid', 'reissue-pending'];

export function schedulePayment(command: SchedulePayment, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'schedule a payment');
  const d = command.data;
  const today = todayOf(command);
  const paymentId = requireId(d.paymentId, 'paymentId');
  const batchId = requireId(d.batchId, 'batchId');
  const month = requireMonth(d.month, 'month');
  const latest = addMonths(monthOf(today), deps.policy.paymentLeadMonths);
  if (month > latest) {
    throw DomainError.invalid('month', `month ${month} is after ${latest}, the latest a batch may pay now`);
  }
  const kind = requireOneOf(d.kind, PAYMENT_KINDS, 'kind');
  const priceSubsidy = kind === 'price-subsidy' ? requirePriceSubsidyInput(d.priceSubsidy, month) : undefined;
  if (kind === 'assistance' && d.priceSubsidy !== undefined) {
    throw DomainError.invalid('priceSubsidy', 'priceSubsidy is given with kind price-subsidy only');
  }
  const existing = state.payments.find((p) => p.paymentId === paymentId);
  if (existing !== undefined) {
    if (existing.month === month && existing.kind === kind && existing.batchId === batchId) return [];
    throw DomainError.conflict(
      'payment-id-in-use',
      `payment ${paymentId} is already recorded for ${existing.month} (${existing.kind})`,
    );
  }
  const entitlement = entitlementFor(state, month, priceSubsidy, deps.policy);
  if (!entitlement.due) {
    if (HELD.includes(entitlement.reason)) return [];
    const seen = state.paymentRefusals.some(
      (r) => r.batchId === batchId && r.month === month && r.kind === kind && r.reason === entitlement.reason,
    );
    if (seen) return [];
    return [
      {
        type: 'PaymentRefused',
        data: {
          caseId: state.caseId as string,
          batchId,
          month,
          kind,
          refusedOn: today,
          reason: entitlement.reason,
          detail: entitlement.detail,
        },
      },
    ];
  }
  return [
    {
      type: 'PaymentScheduled',
      data: {
        caseId: state.caseId as string,
        paymentId,
        batchId,
        month,
        kind,
        amountFen: entitlement.amountFen,
        scheduledOn: today,
        basis: entitlement.basis,
      },
    },
  ];
}

/**
 * The bank's report, recorded as it happened. A payment paid for a month no longer due (a
 * suspension or death recorded after it was scheduled, or a cancellation that came too late) is
 * flagged for recovery in the event. The same report twice records nothing.
 */
export function recordSettlement(command: RecordSettlement, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'record a settlement');
  const d = command.data;
  const payment = requirePayment(state, d.paymentId);
  const today = todayOf(command);
  const outcome = requireOneOf(d.outcome, ['paid', 'failed', 'returned'] as const, 'outcome');
  const bankReference = requireText(d.bankReference, 'bankReference', 100);
  const settledOn = requirePastDate(d.settledOn, 'settledOn', today);
  if (settledOn < payment.scheduledOn) {
    throw DomainError.invalid(
      'settledOn',
      `settledOn ${settledOn} is before the payment was scheduled (${payment.scheduledOn})`,
    );
  }
  const reason = outcome === 'paid' ? undefined : requireText(d.reason, 'reason', 500);
  if (payment.status === outcome && payment.bankReference === bankReference) return [];
  const allowed =
    payment.status === 'scheduled' ||
    (payment.status === 'cancelled' && outcome === 'paid') ||
    (payment.status === 'paid' && outcome === 'returned');
  if (!allowed) {
    throw DomainError.conflict('payment-already-settled', `payment ${payment.paymentId} is ${payment.status}`, {
      status: payment.status,
    });
  }
  const settlement = {
    caseId: state.caseId as string,
    paymentId: payment.paymentId,
    month: payment.month,
    kind: payment.kind,
    amountFen: payment.amountFen,
    bankReference,
    settledOn,
    recordedOn: today,
  };
  if (outcome === 'failed') return [{ type: 'PaymentFailed', data: { ...settlement, reason: reason as string } }];
  if (outcome === 'returned') {
    const afterPaid = payment.status === 'paid';
    return [{ type: 'PaymentReturned', data: { ...settlement, reason: reason as string, afterPaid } }];
  }
  return [{ type: 'PaymentSettled', data: { ...settlement, notDue: notDueAtSettlement(state, payment) } }];
}

export function cancelPayment(command: CancelPayment, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'cancel a payment');
  const payment = requirePayment(state, command.data.paymentId);
  if (payment.status !== 'scheduled') {
    throw DomainError.conflict('payment-not-scheduled', `payment ${payment.paymentId} is ${payment.status}`, {
      status: payment.status,
    });
  }
  return [
    {
      type: 'PaymentCancelled',
      data: {
        caseId: state.caseId as string,
        paymentId: payment.paymentId,
        month: payment.month,
        kind: payment.kind,
        amountFen: payment.amountFen,
        cancelledOn: todayOf(command),
        reasons: requireReasons(command.data.reasons, 'reasons'),
      },
    },
  ];
}

/**
 * A failed or returned payment is paid again, once: the amount due for its month now, never more
 * than the original. The same reissue sent again records nothing; a second one is refused.
 */
export function reissuePayment(command: ReissuePayment, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'reissue a payment');
  const d = command.data;
  const original = requirePayment(state, d.paymentId);
  const paymentId = requireId(d.newPaymentId, 'newPaymentId');
  const batchId = requireId(d.batchId, 'batchId');
  if (original.reissuedAs !== null) {
    if (original.reissuedAs === paymentId) return [];
    throw DomainError.conflict(
      'payment-already-reissued',
      `payment ${original.paymentId} was reissued as ${original.reissuedAs}`,
      { reissuedAs: original.reissuedAs },
    );
  }
  if (original.status !== 'failed' && original.status !== 'returned') {
    throw DomainError.conflict(
      'payment-not-reissuable',
      `only a failed or returned payment is reissued; ${original.paymentId} is ${original.status}`,
      { status: original.status },
    );
  }
  if (state.payments.some((p) => p.paymentId === paymentId)) {
    throw DomainError.conflict('payment-id-in-use', `payment ${paymentId} is already recorded`);
  }
  const now = assistanceFor(state, original.month);
  if (!now.due) {
    throw DomainError.conflict('payment-not-due', `nothing is due for ${original.month} any more: ${now.detail}`, {
      reason: now.reason,
    });
  }
  const basis: PaymentBasis =
    original.basis.kind === 'price-subsidy'
      ? { ...original.basis, persons: now.persons, entitlement: now.basis }
      : { kind: 'assistance', entitlement: now.basis };
  const dueFen = basis.kind === 'price-subsidy' ? basis.perPersonFen * basis.persons : now.amountFen;
  return [
    {
      type: 'PaymentReissued',
      data: {
        caseId: state.caseId as string,
        originalPaymentId: original.paymentId,
        paymentId,
        batchId,
        month: original.month,
        kind: original.kind,
        amountFen: Math.min(original.amountFen, dueFen),
        reissuedOn: todayOf(command),
        basis,
      },
    },
  ];
}

function notDueAtSettlement(state: CaseState, payment: PaymentRecord): PaymentSettled['data']['notDue'] {
  if (payment.status === 'cancelled') {
    return { reason: 'cancelled', detail: `payment ${payment.paymentId} was cancelled before the bank paid it` };
  }
  const now = assistanceFor(state, payment.month);
  if (!now.due) return { reason: now.reason, detail: now.detail };
  const dueFen = payment.basis.kind === 'price-subsidy' ? payment.basis.perPersonFen * now.persons : now.amountFen;
  return dueFen < payment.amountFen
    ? { reason: 'amount-reduced', detail: `${dueFen} 分 is due for ${payment.month}, ${payment.amountFen} 分 was paid` }
    : null;
}
