import { DomainError } from '@app/ledger/domain';
import type { CloseBatch, ReconcileBatch, RecordBankSettlement } from './batch.commands';
import type { BatchEvent, SettlementResult } from './batch.events';
import { actorOf, requireBatch } from './batch.guards';
import { differencesWithCases, totalFen } from './batch.reconcile';
import type { BatchState } from './batch.state';
import {
  dedupeWithin,
  requireArray,
  requireWhole,
  requireText,
  validateReadings,
  validateResults,
} from './batch.validation';

/** After the bank: its results, the reconciliation with the case streams, the close of the month. */

export function recordBankSettlement(command: RecordBankSettlement, state: BatchState): BatchEvent[] {
  requireBatch(command, state);
  const inBatch = new Map(state.payments.map((p) => [p.paymentId, p]));
  const results = dedupeWithin(
    validateResults(command.data.results, (paymentId) => inBatch.has(paymentId)),
    (r) => r.paymentId,
    sameSettlement,
    (i) => `results[${i}].paymentId`,
  );
  if (state.status === 'open') {
    throw DomainError.conflict('batch-not-submitted', `batch ${state.batchId} has not been sent to the bank`);
  }
  const newResults = results.filter((result) => {
    const before = inBatch.get(result.paymentId)?.settlement;
    if (before === undefined) return true;
    if (sameSettlement(before, result)) return false;
    // Two outcomes, or two bank transactions, for one payment: someone must look, not the code.
    const { paymentId } = result;
    throw DomainError.conflict('settlement-conflict', `payment ${paymentId} was already settled otherwise`, {
      paymentId,
      recorded: { outcome: before.outcome, bankReference: before.bankReference },
      received: { outcome: result.outcome, bankReference: result.bankReference },
    });
  });
  if (newResults.length === 0) return [];
  return [
    {
      type: 'BankSettlementRecorded',
      data: { batchId: state.batchId as string, results: newResults, recordedAt: command.metadata.now },
    },
  ];
}

export function reconcileBatch(command: ReconcileBatch, state: BatchState): BatchEvent {
  requireBatch(command, state);
  const { data } = command;
  const casePaymentsTotalFen = requireWhole(data.casePaymentsTotalFen, 'casePaymentsTotalFen', 0);
  const casePaymentCount = requireWhole(data.casePaymentCount, 'casePaymentCount', 0);
  const readings = data.perCase === undefined ? undefined : validateReadings(requireArray(data.perCase, 'perCase'));
  if (readings) {
    const seen = new Set<string>();
    readings.forEach((r, i) => {
      if (seen.has(r.paymentId)) throw DomainError.invalid(`perCase[${i}].paymentId`, `${r.paymentId} is listed twice`);
      seen.add(r.paymentId);
    });
    if (totalFen(readings) !== casePaymentsTotalFen) {
      const message = `perCase sums to ${totalFen(readings)} 分, not ${casePaymentsTotalFen}`;
      throw DomainError.invalid('casePaymentsTotalFen', message);
    }
    if (readings.length !== casePaymentCount) {
      const message = `perCase lists ${readings.length} payments, not ${casePaymentCount}`;
      throw DomainError.invalid('casePaymentCount', message);
    }
  }
  requireReconcilable(state);

  const batchTotalFen = totalFen(state.payments);
  const batchCount = state.payments.length;
  const differenceFen = batchTotalFen - casePaymentsTotalFen;
  const countDifference = batchCount - casePaymentCount;
  if (!readings && (differenceFen !== 0 || countDifference !== 0)) {
    const message = 'the totals disagree: send perCase so that the payments concerned are named';
    throw DomainError.invalid('perCase', message, { differenceFen, countDifference });
  }
  const differences = readings ? differencesWithCases(state.payments, readings) : [];
  const agrees = differenceFen === 0 && countDifference === 0 && differences.length === 0;
  return {
    type: 'BatchReconciled',
    data: {
      batchId: state.batchId as string,
      batchTotalFen,
      batchCount,
      casePaymentsTotalFen,
      casePaymentCount,
      differenceFen,
      countDifference,
      differences,
      result: agrees ? 'reconciled' : 'reconciled-with-differences',
      reconciledBy: actorOf(command),
      reconciledAt: command.metadata.now,
    },
  };
}

/** Once every payment has the bank's result; again only to re-examine reported differences. */
function requireReconcilable(state: BatchState): void {
  const { batchId, status } = state;
  if (status === 'settled' || status === 'reconciled-with-differences') return;
  if (status === 'open') {
    throw DomainError.conflict('batch-not-submitted', `batch ${batchId} has not been sent to the bank`);
  }
  if (status === 'submitted') {
    const unsettled = state.payments.filter((p) => p.settlement === undefined).map((p) => p.paymentId);
    const message = `batch ${batchId} still waits for the bank's result on ${unsettled.length} payments`;
    throw DomainError.conflict('batch-not-settled', message, { paymentIds: unsettled });
  }
  if (status === 'reconciled') throw DomainError.conflict('batch-reconciled', `batch ${batchId} is already reconciled`);
  throw DomainError.conflict('batch-closed', `batch ${batchId} is closed`);
}

export function closeBatch(command: CloseBatch, state: BatchState): BatchEvent {
  requireBatch(command, state);
  const note = command.data.note === undefined ? undefined : requireText(command.data.note, 'note');
  const { batchId, status } = state;
  if (status === 'closed') throw DomainError.conflict('batch-closed', `batch ${batchId} is already closed`);
  if (status !== 'reconciled' && status !== 'reconciled-with-differences') {
    throw DomainError.conflict('batch-not-reconciled', `batch ${batchId} must be reconciled before it closes`, {
      status,
    });
  }
  if (status === 'reconciled-with-differences' && note === undefined) {
    throw DomainError.invalid('note', 'closing a batch with reported differences needs a note saying why');
  }
  return {
    type: 'BatchClosed',
    data: {
      batchId: batchId as string,
      result: status,
      ...(note !== undefined ? { note } : {}),
      closedBy: actorOf(command),
      closedAt: command.metadata.now,
    },
  };
}

function sameSettlement(a: Pick<SettlementResult, 'outcome' | 'bankReference'>, b: SettlementResult): boolean {
  return a.outcome === b.outcome && a.bankReference === b.bankReference;
}
