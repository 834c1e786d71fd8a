import type { Command } from '@app/ledger/domain';
import type { PaymentKind, PriceSubsidyInput } from './case-management.values';
import type { DelegationExplanation } from './case.values';

/** Payments of a case, their bank settlement, and the recovery of what was paid but not due. */

interface ForCase {
  readonly caseId: string;
}

/**
 * One month's payment in a batch. The amount is the case's entitlement for the month, never a
 * figure from the batch. Scheduling a month and kind already scheduled or paid records nothing.
 */
export type SchedulePayment = Command<
  'SchedulePayment',
  ForCase & {
    readonly paymentId: string;
    readonly batchId: string;
    readonly month: string;
    readonly kind: PaymentKind;
    /** Required for 'price-subsidy': the CPI figures applied and the 低保 standard of the month. */
    readonly priceSubsidy?: PriceSubsidyInput;
  }
>;

/** The bank's report on a payment. A 'returned' may also follow a 'paid' (退回). */
export type RecordSettlement = Command<
  'RecordSettlement',
  ForCase & {
    readonly paymentId: string;
    readonly outcome: 'paid' | 'failed' | 'returned';
    readonly bankReference: string;
    readonly settledOn: string;
    /** Required for 'failed' and 'returned'. */
    readonly reason?: string;
  }
>;

/** Takes a scheduled payment out of its batch before the bank pays it. */
export type CancelPayment = Command<
  'CancelPayment',
  ForCase & { readonly paymentId: string; readonly reasons: readonly string[] }
>;

/** Pays a failed or returned payment again, once. */
export type ReissuePayment = Command<
  'ReissuePayment',
  ForCase & { readonly paymentId: string; readonly newPaymentId: string; readonly batchId: string }
>;

/** 追回: orders the recovery of every overpayment not yet ordered. */
export type OrderRecovery = Command<
  'OrderRecovery',
  ForCase & {
    readonly recoveryId: string;
    readonly reasons: readonly string[];
    readonly delegation?: DelegationExplanation;
  }
>;

export type RecordRepayment = Command<
  'RecordRepayment',
  ForCase & {
    readonly recoveryId: string;
    readonly amountFen: number;
    readonly paidOn: string;
    readonly receiptRef?: string;
  }
>;

/** 暂行办法 Art. 68: a fine of 1–3 times the amount obtained, by the county. */
export type ImposeFraudFine = Command<
  'ImposeFraudFine',
  ForCase & { readonly recoveryId: string; readonly multiple: number; readonly decisionRef: string }
>;

export type PaymentCommand =
  | SchedulePayment
  | RecordSettlement
  | CancelPayment
  | ReissuePayment
  | OrderRecovery
  | RecordRepayment
  | ImposeFraudFine;
