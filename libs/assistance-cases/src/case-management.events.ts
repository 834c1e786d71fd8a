import type { DomainEvent } from '@app/ledger/envelope';
import type { ReviewCadence, ReviewClass } from './case-management.policy';
import type { AmountBasis, TerminationGround } from './case-management.values';
import type { Programme } from './case.policy';
import type {
  AssetsDeclaration,
  DecisionMaker,
  IncomeAssessment,
  IncomeByCategory,
  Relation,
  StandardSnapshot,
} from './case.values';

/**
 * 动态管理: classification, reviews, reported changes, amount decisions, 渐退期, job offers,
 * suspension, termination and deaths. Months are 'YYYY-MM' and always the first month affected.
 */

export type CaseClassified = DomainEvent<
  'CaseClassified',
  {
    readonly caseId: string;
    readonly classifiedOn: string;
    readonly reviewClass: ReviewClass;
    readonly previousClass: ReviewClass | null;
    readonly reasons: readonly string[];
    readonly classifiedBy: { readonly officialId: string; readonly unit: string };
    readonly nextReviewDueBy: string;
  }
>;

export type ReviewRecorded = DomainEvent<
  'ReviewRecorded',
  {
    readonly caseId: string;
    readonly reviewedOn: string;
    readonly recordedOn: string;
    readonly cadence: ReviewCadence;
    readonly outcome: 'unchanged' | 'change-needed';
    readonly findings: string;
    readonly visitId: string | null;
    /** The due date this review answered, and whether it came after it. */
    readonly dueBy: string;
    readonly late: boolean;
    readonly nextDueBy: string;
  }
>;

export type HouseholdChangeReported = DomainEvent<
  'HouseholdChangeReported',
  {
    readonly caseId: string;
    readonly reportedOn: string;
    readonly recordedOn: string;
    readonly source: 'household' | 'staff' | 'data-check';
    readonly summary: string;
    /** New members get the next indexes, in this order. */
    readonly membersJoined: readonly { readonly memberIndex: number; readonly relation: Relation }[];
    readonly membersLeft: readonly { readonly memberIndex: number; readonly leftOn: string; readonly reason: string }[];
    readonly monthlyIncomeFen: IncomeByCategory | null;
    readonly assets: AssetsDeclaration | null;
    readonly personal: { readonly membersJoined: readonly { readonly name: string; readonly idNumber: string }[] };
  }
>;

interface Decided {
  readonly caseId: string;
  readonly decidedOn: string;
  readonly decidedBy: DecisionMaker;
  readonly delegationId: string | null;
  readonly reasons: readonly string[];
}

export type AmountChanged = DomainEvent<
  'AmountChanged',
  Decided & {
    readonly change: 'raise' | 'cut' | 'stop';
    readonly from: string;
    readonly previousMonthlyAmountFen: number;
    readonly monthlyAmountFen: number;
    readonly basis: AmountBasis;
    /** A running 渐退期 ends: the household's amount is determined again. */
    readonly endsGradualExit: boolean;
  }
>;

export type GradualExitStarted = DomainEvent<
  'GradualExitStarted',
  Decided & {
    readonly from: string;
    /** The last month the kept amount is paid. */
    readonly until: string;
    readonly months: number;
    readonly monthlyAmountFen: number;
    /** The income that lifted the household above the standard, and that standard. */
    readonly assessment: IncomeAssessment;
    readonly standard: StandardSnapshot;
    readonly basis: AmountBasis;
  }
>;

export type JobOfferRefused = DomainEvent<
  'JobOfferRefused',
  {
    readonly caseId: string;
    readonly memberIndex: number;
    readonly offeredOn: string;
    readonly recordedOn: string;
    readonly offer: string;
    readonly consecutiveRefusals: number;
  }
>;

export type JobOfferAccepted = DomainEvent<
  'JobOfferAccepted',
  {
    readonly caseId: string;
    readonly memberIndex: number;
    readonly acceptedOn: string;
    readonly recordedOn: string;
    readonly offer: string;
    readonly refusalsCleared: number;
    /** The member's stopped share counts again in the next decision on the amount. */
    readonly stoppedShareLifted: boolean;
  }
>;

/** 低保 Art. 34, by rule on the last refusal recorded. */
export type MemberShareStopped = DomainEvent<
  'MemberShareStopped',
  {
    readonly caseId: string;
    readonly memberIndex: number;
    readonly from: string;
    readonly refusals: number;
    /** The household's amount from `from`, null when nothing is due that month. */
    readonly monthlyAmountFen: number | null;
  }
>;

export type CaseSuspended = DomainEvent<
  'CaseSuspended',
  Decided & {
    readonly suspendedOn: string;
    readonly from: string;
    /** The first month withheld. */
    readonly fromMonth: string;
    /** Scheduled payments of withheld months: to cancel, or to recover if the bank pays them. */
    readonly paymentsToCancel: readonly string[];
  }
>;

export type CaseResumed = DomainEvent<
  'CaseResumed',
  Decided & {
    readonly resumedOn: string;
    /** The first month due again. */
    readonly fromMonth: string;
    readonly backPay: boolean;
    /** Months that stay withheld. */
    readonly withheldMonths: readonly string[];
  }
>;

export type TerminationPublicityStarted = DomainEvent<
  'TerminationPublicityStarted',
  {
    readonly caseId: string;
    readonly ground: TerminationGround;
    readonly reasons: readonly string[];
    readonly from: string;
    readonly until: string;
    readonly place: string;
    readonly startedBy: { readonly officialId: string; readonly unit: string };
  }
>;

export type TerminationObjectionRecorded = DomainEvent<
  'TerminationObjectionRecorded',
  {
    readonly caseId: string;
    readonly receivedOn: string;
    readonly summary: string;
    /** 特困 Art. 26: decided within 15 working days, then publicised again. */
    readonly decideBy: string;
    readonly personal?: { readonly objectorName?: string };
  }
>;

export type TerminationWithdrawn = DomainEvent<
  'TerminationWithdrawn',
  Decided & { readonly ground: TerminationGround }
>;

export type CaseTerminated = DomainEvent<
  'CaseTerminated',
  Omit<Decided, 'decidedBy'> & {
    readonly programme: Programme;
    readonly ground: TerminationGround;
    /** The first month nothing is due. */
    readonly effectiveFrom: string;
    /** null when a rule ended the case (the death of the household's last member). */
    readonly decidedBy: DecisionMaker | null;
    readonly publicity: { readonly from: string; readonly until: string } | null;
    readonly paymentsToCancel: readonly string[];
  }
>;

export type MemberDied = DomainEvent<
  'MemberDied',
  {
    readonly caseId: string;
    readonly memberIndex: number;
    readonly diedOn: string;
    readonly recordedOn: string;
    readonly source: { readonly registry: string; readonly recordId: string };
    /** The first month the member no longer counts: the month after the death. */
    readonly effectiveFrom: string;
    /** No member is left alive: nothing is due from effectiveFrom. */
    readonly householdEnded: boolean;
    /** The household's amount from effectiveFrom, null when nothing is due that month. */
    readonly monthlyAmountFen: number | null;
  }
>;

export type ManagementEvent =
  | CaseClassified
  | ReviewRecorded
  | HouseholdChangeReported
  | AmountChanged
  | GradualExitStarted
  | JobOfferRefused
  | JobOfferAccepted
  | MemberShareStopped
  | CaseSuspended
  | CaseResumed
  | TerminationPublicityStarted
  | TerminationObjectionRecorded
  | TerminationWithdrawn
  | CaseTerminated
  | MemberDied;
