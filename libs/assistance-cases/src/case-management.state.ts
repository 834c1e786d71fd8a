import type { ReviewClass } from './case-management.policy';
import type { NotDueReason, PaymentBasis, PaymentKind, TerminationGround } from './case-management.values';
import type { DecisionMaker, IncomeAssessment, Relation, StandardSnapshot } from './case.values';

/** What a case holds after approval: its members, amount decisions, holds, payments, recoveries. */

/** A member of the household, by index: the application's members first, then those who joined. */
export interface MemberRecord {
  readonly relation: Relation;
  /** null for the application's members. */
  readonly joinedOn: string | null;
  readonly leftOn: string | null;
  readonly diedOn: string | null;
  /** Suitable job offers refused in a row (低保 Art. 34); an accepted offer resets it. */
  readonly refusedOffers: number;
  /** The member's own share stopped from this month; lifted (null) when the member takes a job. */
  readonly shareStoppedFrom: string | null;
}

/**
 * A decision that fixes the monthly amount from a month on: the award, a change, a 渐退期. The
 * amount of a later month is recomputed from it and the facts known since (deaths, stopped shares).
 */
export interface AmountDecision {
  readonly kind: 'award' | 'amount-changed' | 'gradual-exit';
  readonly from: string;
  readonly decidedOn: string;
  readonly monthlyAmountFen: number;
  readonly standard: StandardSnapshot;
  readonly assessment: IncomeAssessment;
  readonly countedMembers: readonly number[];
  readonly stoppedMembers: readonly number[];
  /** 渐退期 only: its last month; the kept amount is paid until then. */
  readonly gradualExitUntil: string | null;
  /** Share stops recorded before this decision (it already reflects them). */
  readonly shareStopsBefore: number;
}

export interface ShareStop {
  readonly memberIndex: number;
  readonly from: string;
}

export interface ReviewState {
  readonly reviewClass: ReviewClass | null;
  /** The approval date: the first review is counted from it. */
  readonly approvedOn: string;
  readonly lastReviewedOn: string | null;
  /** Fixed by the last review or classification; null until then (computed from the approval). */
  readonly nextDueBy: string | null;
  readonly reviews: number;
}

/** Months from fromMonth withheld, until resumedFrom (exclusive) or indefinitely. */
export interface Suspension {
  readonly suspendedOn: string;
  readonly fromMonth: string;
  readonly resumedFrom: string | null;
}

export interface TerminationProcedure {
  readonly ground: TerminationGround;
  readonly reasons: readonly string[];
  readonly from: string;
  readonly until: string;
  /** An objection received during this publicity and not yet answered by a new one. */
  readonly objection: { readonly receivedOn: string; readonly decideBy: string } | null;
}

export interface Termination {
  readonly terminatedOn: string;
  /** The first month nothing is due. */
  readonly effectiveFrom: string;
  readonly ground: TerminationGround;
  readonly decidedBy: DecisionMaker | null;
}

export type PaymentStatus = 'scheduled' | 'paid' | 'failed' | 'returned' | 'cancelled';

export interface PaymentRecord {
  readonly paymentId: string;
  readonly batchId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
  readonly scheduledOn: string;
  readonly basis: PaymentBasis;
  readonly status: PaymentStatus;
  readonly settledOn: string | null;
  readonly bankReference: string | null;
  /** Paid for a month that was not due when the bank reported it: to recover. */
  readonly flaggedForRecovery: boolean;
  readonly reissueOf: string | null;
  readonly reissuedAs: string | null;
}

export interface PaymentRefusal {
  readonly batchId: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly reason: NotDueReason;
}

export interface RecoveryRecord {
  readonly recoveryId: string;
  readonly orderedOn: string;
  readonly amountFen: number;
  readonly items: readonly { readonly paymentId: string; readonly month: string; readonly amountFen: number }[];
  readonly repaidFen: number;
  readonly fine: { readonly multiple: number; readonly amountFen: number; readonly decisionRef: string } | null;
}
