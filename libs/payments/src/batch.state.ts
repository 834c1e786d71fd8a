import type { Actor } from '@app/ledger/envelope';
import type {
  BatchReconciled,
  CasePayment,
  CaseRefusal,
  ReconciliationResult,
  SettlementOutcome,
} from './batch.events';

/**
 * open → submitted → settled (every payment has the bank's result) → reconciled or
 * reconciled-with-differences → closed. 'none' until the batch is opened.
 */
export type BatchStatus =
  | 'none'
  | 'open'
  | 'submitted'
  | 'settled'
  | 'reconciled'
  | 'reconciled-with-differences'
  | 'closed';

export interface PaymentSettlement {
  readonly outcome: SettlementOutcome;
  readonly bankReference: string;
  readonly reason?: string;
  readonly recordedAt: string;
}

/** A case payment of the batch, with the bank's result once it came. */
export interface BatchPayment extends CasePayment {
  readonly settlement?: PaymentSettlement;
}

export interface BatchSubmission {
  readonly bankFileRef: string;
  readonly count: number;
  readonly totalFen: number;
  readonly submittedBy: Actor;
  readonly submittedAt: string;
}

export type BatchReconciliation = BatchReconciled['data'];

export interface BatchClosure {
  readonly result: ReconciliationResult;
  readonly note?: string;
  readonly closedBy: Actor;
  readonly closedAt: string;
}

export interface BatchState {
  readonly status: BatchStatus;
  readonly batchId?: string;
  readonly townshipCode?: string;
  readonly month?: string;
  readonly openedBy?: Actor;
  readonly openedAt?: string;
  /** In the order recorded. */
  readonly payments: readonly BatchPayment[];
  readonly refusals: readonly CaseRefusal[];
  readonly submission?: BatchSubmission;
  /** Every reconciliation, oldest first; the last one is the batch's current standing. */
  readonly reconciliations: readonly BatchReconciliation[];
  readonly closure?: BatchClosure;
}

export function initialBatchState(): BatchState {
  return { status: 'none', payments: [], refusals: [], reconciliations: [] };
}

/** The batch's outcome of a payment: 'scheduled' until the bank reported on it. */
export function outcomeOf(payment: BatchPayment): SettlementOutcome | 'scheduled' {
  return payment.settlement?.outcome ?? 'scheduled';
}
