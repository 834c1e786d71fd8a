import type { CasePaymentReading } from './batch.commands';
import type { ReconciliationDifference } from './batch.events';
import { type BatchPayment, outcomeOf } from './batch.state';

/**
 * The batch's payments against the case streams' readings, payment by payment: first every batch
 * payment in batch order (missing from the cases, another amount, another outcome), then every
 * reading the batch does not hold. Nothing is matched by amount or case: only the paymentId counts.
 */
export function differencesWithCases(
  payments: readonly BatchPayment[],
  readings: readonly CasePaymentReading[],
): ReconciliationDifference[] {
  const byId = new Map(readings.map((r) => [r.paymentId, r]));
  const differences: ReconciliationDifference[] = [];
  for (const payment of payments) {
    const { paymentId, caseId, amountFen } = payment;
    const reading = byId.get(paymentId);
    if (!reading) {
      differences.push({ issue: 'not-in-cases', paymentId, caseId, batchAmountFen: amountFen });
      continue;
    }
    if (reading.amountFen !== amountFen) {
      differences.push({
        issue: 'amount',
        paymentId,
        caseId,
        batchAmountFen: amountFen,
        caseAmountFen: reading.amountFen,
        differenceFen: amountFen - reading.amountFen,
      });
    }
    const batchOutcome = outcomeOf(payment);
    if (reading.outcome !== batchOutcome) {
      differences.push({ issue: 'outcome', paymentId, caseId, batchOutcome, caseOutcome: reading.outcome });
    }
  }
  const inBatch = new Set(payments.map((p) => p.paymentId));
  for (const reading of readings) {
    if (!inBatch.has(reading.paymentId)) {
      differences.push({ issue: 'not-in-batch', paymentId: reading.paymentId, caseAmountFen: reading.amountFen });
    }
  }
  return differences;
}

export function totalFen(items: readonly { readonly amountFen: number }[]): number {
  return items.reduce((sum, item) => sum + item.amountFen, 0);
}
