import type { Command } from '@app/ledger/domain';
import type { CasePayment, CasePaymentOutcome, CaseRefusal, SettlementResult } from './batch.events';

/**
 * Every command names its batch: the stream is `batch-<batchId>`, so the API finds it from the
 * command alone, and the decider refuses a command sent to another batch's stream.
 */
interface ForBatch {
  readonly batchId: string;
}

export type OpenBatch = Command<
  'OpenBatch',
  ForBatch & {
    /** The 9-digit township the batch pays in. */
    readonly townshipCode: string;
    /** 'YYYY-MM'; batchId must be `${townshipCode}-${YYYYMM}`. */
    readonly month: string;
  }
>;

/** Sent by the batch runner after it scheduled each case's payment in the case stream. */
export type RecordBatchPayments = Command<
  'RecordBatchPayments',
  ForBatch & { readonly payments: readonly CasePayment[]; readonly refusals: readonly CaseRefusal[] }
>;

export type SubmitBatchToBank = Command<'SubmitBatchToBank', ForBatch & { readonly bankFileRef: string }>;

export type RecordBankSettlement = Command<
  'RecordBankSettlement',
  ForBatch & { readonly results: readonly SettlementResult[] }
>;

/** One case payment of the batch as the runner read it from its case stream. */
export interface CasePaymentReading {
  readonly paymentId: string;
  readonly amountFen: number;
  readonly outcome: CasePaymentOutcome;
}

export type ReconcileBatch = Command<
  'ReconcileBatch',
  ForBatch & {
    /** Sum of the case payments recorded for this batch in the case streams. */
    readonly casePaymentsTotalFen: number;
    readonly casePaymentCount: number;
    /** Required when the totals or counts disagree, so that the payments concerned are named. */
    readonly perCase?: readonly CasePaymentReading[];
  }
>;

export type CloseBatch = Command<'CloseBatch', ForBatch & { readonly note?: string }>;

export type BatchCommand =
  | OpenBatch
  | RecordBatchPayments
  | SubmitBatchToBank
  | RecordBankSettlement
  | ReconcileBatch
  | CloseBatch;
