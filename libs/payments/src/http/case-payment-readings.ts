import type { CaseState } from '@app/assistance-cases';
import { type CaseDecider, caseStreamIdOf } from '@app/assistance-cases/http';
import { load } from '@app/ledger/command-handler';
import type { EventStore } from '@app/ledger/event-store.port';
import type { CasePaymentReading } from '../batch.commands';
import { runBounded } from './bounded-concurrency';

/** The case payments of a batch as its case streams hold them, with their sum to the 分. */
export interface CaseReadings {
  readonly readings: readonly CasePaymentReading[];
  readonly totalFen: number;
  readonly casesRead: number;
}

/**
 * Reads the payments a batch's cases record for it: every payment scheduled or reissued into the
 * batch (PaymentScheduled, PaymentReissued), with the outcome its settlement events left
 * (paid, failed, returned, cancelled, or still scheduled). Amounts are the case's, never the batch's.
 */
export async function readCasePayments(
  store: EventStore,
  decider: CaseDecider,
  batchId: string,
  caseIds: readonly string[],
  concurrency: number,
): Promise<CaseReadings> {
  const read = await runBounded([...new Set(caseIds)].sort(), concurrency, async (caseId) => {
    const { state } = await load(store, decider, caseStreamIdOf(caseId));
    return paymentsOfBatch(state, batchId);
  });
  if (read.error !== undefined) throw read.error;
  const readings = read.results.flatMap((payments) => payments ?? []);
  return {
    readings,
    totalFen: readings.reduce((sum, reading) => sum + reading.amountFen, 0),
    casesRead: read.results.length,
  };
}

function paymentsOfBatch(state: CaseState, batchId: string): CasePaymentReading[] {
  return state.payments
    .filter((payment) => payment.batchId === batchId)
    .map(({ paymentId, amountFen, status }) => ({ paymentId, amountFen, outcome: status }));
}
