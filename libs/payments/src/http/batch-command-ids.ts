import { createHash } from 'node:crypto';
import type { SettlementOutcome } from '../batch.events';

/**
 * Ids of the commands the server issues on its own during a run, a settlement or a reissue. Each
 * is derived from what the command says, so that running the same step again, or twice at once,
 * sends the same command id and the ledger appends it once. An id that names content (a chunk of
 * payments, a bank reference) hashes it: a later run with other content is another command.
 */

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export function openBatchCommandId(batchId: string): string {
  return `open-batch-${batchId}`;
}

export function recordPaymentsCommandId(batchId: string, chunk: unknown): string {
  return `record-payments-${batchId}-${digest(chunk)}`;
}

export function bankSettlementCommandId(batchId: string, chunk: unknown): string {
  return `bank-settlement-${batchId}-${digest(chunk)}`;
}

/** The bank's report on one payment, recorded in its case stream. */
export function caseSettlementCommandId(paymentId: string, outcome: SettlementOutcome, bankReference: string): string {
  return `settle-${paymentId}-${outcome}-${digest(bankReference)}`;
}

/** A reissued payment listed on the batch that pays it. */
export function recordReissueCommandId(batchId: string, paymentId: string): string {
  return `record-reissue-${batchId}-${paymentId}`;
}

/** Splits a list into runs of at most `size`, in order. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
