import type { Command } from '@app/ledger/domain';
import type { ReviewClass } from './case-management.policy';
import type { TerminationGround } from './case-management.values';
import type {
  AssetsDeclaration,
  DelegationExplanation,
  IncomeByCategory,
  MemberInput,
  StandardSnapshot,
} from './case.values';

/** 动态管理: what happens to an approved case until it ends. */

interface ForCase {
  readonly caseId: string;
}

/**
 * Changes of amount, suspensions and terminations are decisions: a township approver takes them
 * under the delegation in force (explainDelegation at metadata.now for the programme), the county
 * reviewer without one.
 */
interface ManagementDecision {
  readonly delegation?: DelegationExplanation;
}

/** Sets or changes a 低保 case's review class (特困 is reviewed yearly and has no class). */
export type ClassifyCase = Command<
  'ClassifyCase',
  ForCase & { readonly reviewClass: ReviewClass; readonly reasons: readonly string[] }
>;

/** 定期核查. 'change-needed' is followed by a change report and a decision on the amount. */
export type RecordReview = Command<
  'RecordReview',
  ForCase & {
    readonly reviewedOn: string;
    readonly outcome: 'unchanged' | 'change-needed';
    readonly findings: string;
    readonly visitId?: string;
  }
>;

/** 低保 Art. 30: changes in members, income or assets, however they came to light. */
export type ReportHouseholdChange = Command<
  'ReportHouseholdChange',
  ForCase & {
    readonly reportedOn: string;
    readonly source: 'household' | 'staff' | 'data-check';
    readonly summary: string;
    readonly membersJoined?: readonly MemberInput[];
    readonly membersLeft?: readonly {
      readonly memberIndex: number;
      readonly leftOn: string;
      readonly reason: string;
    }[];
    /** The household's whole monthly income now, by source. */
    readonly monthlyIncomeFen?: IncomeByCategory;
    readonly assets?: AssetsDeclaration;
  }
>;

/** 增发 / 减发 / 停发, from the month after the decision, computed from the case. */
export type ChangeAmount = Command<
  'ChangeAmount',
  ForCase &
    ManagementDecision & {
      readonly reasons: readonly string[];
      /** The standard in force on the decision date. */
      readonly standard: StandardSnapshot;
      /** Defaults to the deduction of the decision in force. */
      readonly deductibleExpenditureFen?: number;
    }
>;

/** 渐退期 (低保 Art. 33): employment lifted the household's income above the standard. */
export type StartGradualExit = Command<
  'StartGradualExit',
  ForCase & ManagementDecision & { readonly reasons: readonly string[]; readonly standard: StandardSnapshot }
>;

export type RecordJobOfferRefused = Command<
  'RecordJobOfferRefused',
  ForCase & { readonly memberIndex: number; readonly offeredOn: string; readonly offer: string }
>;

export type RecordJobOfferAccepted = Command<
  'RecordJobOfferAccepted',
  ForCase & { readonly memberIndex: number; readonly acceptedOn: string; readonly offer: string }
>;

/** 暂停发放. `from` defaults to today; an earlier date reaches back and makes paid months recoverable. */
export type SuspendCase = Command<
  'SuspendCase',
  ForCase & ManagementDecision & { readonly reasons: readonly string[]; readonly from?: string }
>;

/** `backPay`: the suspension proved unfounded and the withheld months are due after all (补发). */
export type ResumeCase = Command<
  'ResumeCase',
  ForCase & ManagementDecision & { readonly reasons: readonly string[]; readonly backPay?: boolean }
>;

/** 特困 Art. 25: a proposed termination is publicised before the decision. */
export type StartTerminationPublicity = Command<
  'StartTerminationPublicity',
  ForCase & {
    readonly ground: Exclude<TerminationGround, 'death'>;
    readonly reasons: readonly string[];
    readonly place: string;
    readonly from?: string;
  }
>;

export type RecordTerminationObjection = Command<
  'RecordTerminationObjection',
  ForCase & {
    readonly receivedOn: string;
    readonly summary: string;
    readonly personal?: { readonly objectorName?: string };
  }
>;

/** The proposed termination is dropped (an objection upheld, or the ground fell away). */
export type WithdrawTermination = Command<
  'WithdrawTermination',
  ForCase & ManagementDecision & { readonly reasons: readonly string[] }
>;

/** 低保: from the month after. 特困: after its publicity, from the month after. */
export type TerminateCase = Command<
  'TerminateCase',
  ForCase &
    ManagementDecision & {
      /** Required for 低保; for 特困 the publicised ground (if given, it must be the same). */
      readonly ground?: Exclude<TerminationGround, 'death'>;
      readonly reasons: readonly string[];
    }
>;

/** From civil-registration (户籍/殡葬) records; a second record of the same death records nothing. */
export type RecordMemberDeath = Command<
  'RecordMemberDeath',
  ForCase & {
    readonly idNumber: string;
    readonly diedOn: string;
    readonly source: { readonly registry: string; readonly recordId: string };
  }
>;

export type ManagementCommand =
  | ClassifyCase
  | RecordReview
  | ReportHouseholdChange
  | ChangeAmount
  | StartGradualExit
  | RecordJobOfferRefused
  | RecordJobOfferAccepted
  | SuspendCase
  | ResumeCase
  | StartTerminationPublicity
  | RecordTerminationObjection
  | WithdrawTermination
  | TerminateCase
  | RecordMemberDeath;
