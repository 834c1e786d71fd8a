import type { Actor, DomainEvent } from '@app/ledger/envelope';

/**
 * A payment batch is a township's monthly payment run submitted to the bank (低保金 is paid
 * monthly to the household's account, 《最低生活保障审核确认办法》Art. 25). Each case payment is
 * decided and recorded in its case stream first; the batch lists them, sends them to the bank,
 * takes the bank's results and reconciles its total against the case streams.
 */

/** 'assistance' is the programme's monthly money; 'price-subsidy' the 价格临时补贴. */
export const PAYMENT_KINDS = ['assistance', 'price-subsidy'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export function isPaymentKind(value: unknown): value is PaymentKind {
  return typeof value === 'string' && (PAYMENT_KINDS as readonly string[]).includes(value);
}

/** What the bank reported for one payment: 'returned' is money sent and sent back (account closed…). */
export const SETTLEMENT_OUTCOMES = ['paid', 'failed', 'returned'] as const;
export type SettlementOutcome = (typeof SETTLEMENT_OUTCOMES)[number];

export function isSettlementOutcome(value: unknown): value is SettlementOutcome {
  return typeof value === 'string' && (SETTLEMENT_OUTCOMES as readonly string[]).includes(value);
}

/** A payment's outcome as a case stream or the batch knows it; 'scheduled' while the bank has not answered. */
export type PaymentOutcome = 'scheduled' | SettlementOutcome;
export const PAYMENT_OUTCOMES: readonly PaymentOutcome[] = Object.freeze(['scheduled', ...SETTLEMENT_OUTCOMES]);

/** A payment's outcome in its case stream, where it may also have been cancelled (taken out of its batch). */
export type CasePaymentOutcome = PaymentOutcome | 'cancelled';
export const CASE_PAYMENT_OUTCOMES: readonly CasePaymentOutcome[] = Object.freeze([...PAYMENT_OUTCOMES, 'cancelled']);

/** `330602001-202108`: one batch per township and month. */
export function batchIdOf(townshipCode: string, month: string): string {
  return `${townshipCode}-${month.replace('-', '')}`;
}

/** The stream id makes the batch unique: a second OpenBatch finds the stream already opened. */
export function batchStreamId(batchId: string): string {
  return `batch-${batchId}`;
}

/** One case payment, as its case stream recorded it; the batch never computes an amount. */
export interface CasePayment {
  readonly caseId: string;
  readonly paymentId: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
}

/** A case the run did not pay this month, with the case context's reason, as it gave it. */
export interface CaseRefusal {
  readonly caseId: string;
  readonly kind: PaymentKind;
  readonly reason: string;
}

export interface SettlementResult {
  readonly paymentId: string;
  readonly outcome: SettlementOutcome;
  /** The bank's reference for the line of its return file. */
  readonly bankReference: string;
  /** Why the bank failed or returned the payment; absent when paid. */
  readonly reason?: string;
}

/** One way the batch and its case payments disagree; `issue` says which. */
export type ReconciliationDifference =
  | {
      readonly issue: 'amount';
      readonly paymentId: string;
      readonly caseId: string;
      readonly batchAmountFen: number;
      readonly caseAmountFen: number;
      /** batchAmountFen − caseAmountFen. */
      readonly differenceFen: number;
    }
  | {
      readonly issue: 'outcome';
      readonly paymentId: string;
      readonly caseId: string;
      readonly batchOutcome: PaymentOutcome;
      readonly caseOutcome: CasePaymentOutcome;
    }
  | {
      readonly issue: 'not-in-cases';
      readonly paymentId: string;
      readonly caseId: string;
      readonly batchAmountFen: number;
    }
  | { readonly issue: 'not-in-batch'; readonly paymentId: string; readonly caseAmountFen: number };

export type ReconciliationResult = 'reconciled' | 'reconciled-with-differences';

export type BatchOpened = DomainEvent<
  'BatchOpened',
  {
    readonly batchId: string;
    readonly townshipCode: string;
    /** 'YYYY-MM', the month the payments are for. */
    readonly month: string;
    readonly openedBy: Actor;
    readonly openedAt: string;
  }
>;

/** Only payments and refusals new to the batch: a repeated one is not recorded again. */
export type BatchPaymentsRecorded = DomainEvent<
  'BatchPaymentsRecorded',
  {
    readonly batchId: string;
    readonly payments: readonly CasePayment[];
    readonly refusals: readonly CaseRefusal[];
    readonly recordedAt: string;
  }
>;

/** The batch as sent to the bank; from here on its list of payments is fixed. */
export type BatchSubmitted = DomainEvent<
  'BatchSubmitted',
  {
    readonly batchId: string;
    readonly bankFileRef: string;
    readonly count: number;
    readonly totalFen: number;
    readonly byKind: Readonly<Record<PaymentKind, { readonly count: number; readonly totalFen: number }>>;
    readonly submittedBy: Actor;
    readonly submittedAt: string;
  }
>;

/** Results new to the batch from one bank return file; the file may cover part of the batch. */
export type BankSettlementRecorded = DomainEvent<
  'BankSettlementRecorded',
  { readonly batchId: string; readonly results: readonly SettlementResult[]; readonly recordedAt: string }
>;

/**
 * The batch compared with its case payments as read from the case streams. A difference is
 * reported here and nowhere absorbed: no amount of the batch or of a case is adjusted to match.
 */
export type BatchReconciled = DomainEvent<
  'BatchReconciled',
  {
    readonly batchId: string;
    readonly batchTotalFen: number;
    readonly batchCount: number;
    readonly casePaymentsTotalFen: number;
    readonly casePaymentCount: number;
    /** batchTotalFen − casePaymentsTotalFen: positive when the bank was sent more than the cases hold. */
    readonly differenceFen: number;
    /** batchCount − casePaymentCount. */
    readonly countDifference: number;
    /** Payment by payment, when the runner read them; empty when everything agrees. */
    readonly differences: readonly ReconciliationDifference[];
    readonly result: ReconciliationResult;
    readonly reconciledBy: Actor;
    readonly reconciledAt: string;
  }
>;

export type BatchClosed = DomainEvent<
  'BatchClosed',
  {
    readonly batchId: string;
    /** The reconciliation the batch was closed on. */
    readonly result: ReconciliationResult;
    /** Required when closing on differences: why the batch may close with them. */
    readonly note?: string;
    readonly closedBy: Actor;
    readonly closedAt: string;
  }
>;

export type BatchEvent =
  | BatchOpened
  | BatchPaymentsRecorded
  | BatchSubmitted
  | BankSettlementRecorded
  | BatchReconciled
  | BatchClosed;

export type BatchEventType = BatchEvent['type'];

/** Every event type, for tests and projections that must handle them all. */
export const BATCH_EVENT_TYPES: readonly BatchEventType[] = Object.freeze([
  'BatchOpened',
  'BatchPaymentsRecorded',
  'BatchSubmitted',
  'BankSettlementRecorded',
  'BatchReconciled',
  'BatchClosed',
]);
