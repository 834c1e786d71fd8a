import type { DomainEvent } from '@app/ledger/envelope';
import type { NotDueReason, PaymentBasis, PaymentKind } from './case-management.values';
import type { DecisionMaker } from './case.values';

/** Payments in the case stream, their settlement, and recoveries of overpayments. */

export type PaymentScheduled = DomainEvent<
  'PaymentScheduled',
  {
    readonly caseId: string;
    readonly paymentId: string;
    readonly batchId: string;
    readonly month: string;
    readonly kind: PaymentKind;
    readonly amountFen: number;
    readonly scheduledOn: string;
    readonly basis: PaymentBasis;
  }
>;

/** Nothing is due for the month: the batch leaves the case out, visibly. */
export type PaymentRefused = DomainEvent<
  'PaymentRefused',
  {
    readonly caseId: string;
    readonly batchId: string;
    readonly month: string;
    readonly kind: PaymentKind;
    readonly refusedOn: string;
    readonly reason: NotDueReason;
    readonly detail: string;
  }
>;

interface Settlement {
  readonly caseId: string;
  readonly paymentId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
  readonly bankReference: string;
  readonly settledOn: string;
  readonly recordedOn: string;
}

export type PaymentSettled = DomainEvent<
  'PaymentSettled',
  Settlement & {
    /**
     * Set when, by the events known at settlement, the month was not due (or less was due): the
     * bank's payment is recorded as it happened and flagged for recovery.
     */
    readonly notDue: { readonly reason: NotDueReason | 'amount-reduced' | 'cancelled'; readonly detail: string } | null;
  }
>;

export type PaymentFailed = DomainEvent<'PaymentFailed', Settlement & { readonly reason: string }>;

export type PaymentReturned = DomainEvent<
  'PaymentReturned',
  Settlement & { readonly reason: string; readonly afterPaid: boolean }
>;

export type PaymentCancelled = DomainEvent<
  'PaymentCancelled',
  {
    readonly caseId: string;
    readonly paymentId: string;
    readonly month: string;
    readonly kind: PaymentKind;
    readonly amountFen: number;
    readonly cancelledOn: string;
    readonly reasons: readonly string[];
  }
>;

export type PaymentReissued = DomainEvent<
  'PaymentReissued',
  {
    readonly caseId: string;
    readonly originalPaymentId: string;
    readonly paymentId: string;
    readonly batchId: string;
    readonly month: string;
    readonly kind: PaymentKind;
    /** What is due for the month now, never more than the original. */
    readonly amountFen: number;
    readonly reissuedOn: string;
    readonly basis: PaymentBasis;
  }
>;

export type RecoveryOrdered = DomainEvent<
  'RecoveryOrdered',
  {
    readonly caseId: string;
    readonly recoveryId: string;
    readonly orderedOn: string;
    readonly decidedBy: DecisionMaker;
    readonly delegationId: string | null;
    readonly reasons: readonly string[];
    readonly amountFen: number;
    readonly items: readonly {
      readonly paymentId: string;
      readonly month: string;
      readonly kind: PaymentKind;
      readonly amountFen: number;
      readonly reason: NotDueReason | 'amount-reduced' | 'duplicate';
    }[];
  }
>;

export type RepaymentRecorded = DomainEvent<
  'RepaymentRecorded',
  {
    readonly caseId: string;
    readonly recoveryId: string;
    readonly amountFen: number;
    readonly paidOn: string;
    readonly recordedOn: string;
    readonly receiptRef: string | null;
    readonly outstandingFen: number;
  }
>;

export type FraudFineImposed = DomainEvent<
  'FraudFineImposed',
  {
    readonly caseId: string;
    readonly recoveryId: string;
    readonly imposedOn: string;
    readonly decidedBy: DecisionMaker;
    readonly decisionRef: string;
    readonly multiple: number;
    /** The amount obtained: the recovery order's amount. */
    readonly baseAmountFen: number;
    readonly amountFen: number;
  }
>;

export type PaymentEvent =
  | PaymentScheduled
  | PaymentRefused
  | PaymentSettled
  | PaymentFailed
  | PaymentReturned
  | PaymentCancelled
  | PaymentReissued
  | RecoveryOrdered
  | RepaymentRecorded
  | FraudFineImposed;
