import { addDays, dateInChina, firstDayOf, isYearMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { unitLevel } from '@app/platform/jurisdiction';
import type { OpenBatch, RecordBatchPayments, SubmitBatchToBank } from './batch.commands';
import {
  type BatchEvent,
  batchIdOf,
  type CasePayment,
  type CaseRefusal,
  PAYMENT_KINDS,
  type PaymentKind,
} from './batch.events';
import { actorOf, requireBatch, requireJurisdiction } from './batch.guards';
import type { BatchPolicy } from './batch.policy';
import { totalFen } from './batch.reconcile';
import type { BatchState } from './batch.state';
import { dedupeWithin, requireText, validatePayments, validateRefusals } from './batch.validation';

/** Building the batch: opening it, listing the case payments the run scheduled, sending it to the bank. */

export function openBatch(command: OpenBatch, state: BatchState, policy: BatchPolicy): BatchEvent {
  const { batchId, townshipCode, month } = command.data;
  if (typeof townshipCode !== 'string' || unitLevel(townshipCode) !== 'township') {
    throw DomainError.invalid('townshipCode', 'townshipCode must be a 9-digit township code');
  }
  if (!isYearMonth(month)) throw DomainError.invalid('month', 'month must be YYYY-MM');
  const expected = batchIdOf(townshipCode, month);
  if (batchId !== expected) {
    throw DomainError.invalid('batchId', `the batch of ${townshipCode} for ${month} is ${expected}`);
  }
  requireJurisdiction(command, townshipCode);
  if (state.status !== 'none') {
    throw DomainError.conflict('batch-exists', `batch ${batchId} is already open`, { batchId, status: state.status });
  }
  const today = dateInChina(command.metadata.now);
  const earliest = addDays(firstDayOf(month), -policy.openLeadDays);
  if (today < earliest) {
    const message = `the batch for ${month} can be opened from ${earliest}, not on ${today}`;
    throw DomainError.invalid('month', message, { earliestOpenDate: earliest, openLeadDays: policy.openLeadDays });
  }
  return {
    type: 'BatchOpened',
    data: { batchId, townshipCode, month, openedBy: actorOf(command), openedAt: command.metadata.now },
  };
}

export function recordBatchPayments(command: RecordBatchPayments, state: BatchState): BatchEvent[] {
  requireBatch(command, state);
  const payments = dedupeWithin(
    validatePayments(command.data.payments),
    (p) => p.paymentId,
    samePayment,
    (i) => `payments[${i}].paymentId`,
  );
  // A refusal is nothing but case, kind and reason: listed twice, it is one fact.
  const refusals = dedupeWithin(
    validateRefusals(command.data.refusals),
    refusalKey,
    () => true,
    (i) => `refusals[${i}]`,
  );

  const recorded = new Map(state.payments.map((p) => [p.paymentId, p]));
  const newPayments = payments.filter((payment) => {
    const before = recorded.get(payment.paymentId);
    if (before === undefined) return true;
    if (samePayment(before, payment)) return false;
    const { paymentId } = payment;
    throw DomainError.conflict('payment-conflict', `payment ${paymentId} is recorded with other content`, {
      paymentId,
      recorded: { caseId: before.caseId, kind: before.kind, amountFen: before.amountFen },
      received: { caseId: payment.caseId, kind: payment.kind, amountFen: payment.amountFen },
    });
  });
  const knownRefusals = new Set(state.refusals.map(refusalKey));
  const newRefusals = refusals.filter((r) => !knownRefusals.has(refusalKey(r)));
  if (newPayments.length === 0 && newRefusals.length === 0) return [];

  if (state.status !== 'open') {
    const message = `batch ${state.batchId} was submitted to the bank: nothing can be added`;
    throw DomainError.conflict('batch-submitted', message, {
      status: state.status,
      paymentIds: newPayments.map((p) => p.paymentId),
      refusals: newRefusals.length,
    });
  }
  return [
    {
      type: 'BatchPaymentsRecorded',
      data: {
        batchId: state.batchId as string,
        payments: newPayments,
        refusals: newRefusals,
        recordedAt: command.metadata.now,
      },
    },
  ];
}

export function submitBatchToBank(command: SubmitBatchToBank, state: BatchState): BatchEvent {
  requireBatch(command, state);
  const bankFileRef = requireText(command.data.bankFileRef, 'bankFileRef', 200);
  if (state.status !== 'open') {
    throw DomainError.conflict('batch-already-submitted', `batch ${state.batchId} was already submitted`, {
      status: state.status,
      bankFileRef: state.submission?.bankFileRef,
    });
  }
  if (state.payments.length === 0) {
    throw DomainError.conflict('batch-empty', `batch ${state.batchId} holds no payment to send to the bank`);
  }
  const byKind = Object.fromEntries(
    PAYMENT_KINDS.map((kind) => {
      const ofKind = state.payments.filter((p) => p.kind === kind);
      return [kind, { count: ofKind.length, totalFen: totalFen(ofKind) }];
    }),
  ) as Record<PaymentKind, { count: number; totalFen: number }>;
  return {
    type: 'BatchSubmitted',
    data: {
      batchId: state.batchId as string,
      bankFileRef,
      count: state.payments.length,
      totalFen: totalFen(state.payments),
      byKind,
      submittedBy: actorOf(command),
      submittedAt: command.metadata.now,
    },
  };
}

function samePayment(a: CasePayment, b: CasePayment): boolean {
  return a.caseId === b.caseId && a.kind === b.kind && a.amountFen === b.amountFen;
}

function refusalKey(r: CaseRefusal): string {
  return JSON.stringify([r.caseId, r.kind, r.reason]);
}
