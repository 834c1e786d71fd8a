import type { Command } from '@app/ledger/domain';
import type { ManagementCommand } from './case-management.commands';
import type { PaymentCommand } from './case-payments.commands';
import type { Programme, TemporaryTrack } from './case.policy';
import type {
  AssetsDeclaration,
  DelegationExplanation,
  IncomeByCategory,
  MemberInput,
  StandardSnapshot,
} from './case.values';

export type * from './case-management.commands';
export type * from './case-payments.commands';

/** Every command names its case: the stream is `case-<caseId>`. */
interface ForCase {
  readonly caseId: string;
}

export type StaffRelation =
  | { readonly declared: false }
  | {
      readonly declared: true;
      /** 'assistance-staff' 低保经办人员, 'committee-member' 村(居)委会成员. */
      readonly staffRole: 'assistance-staff' | 'committee-member';
      /** How the member is related, in the applicant's words (e.g. '配偶', '兄弟'). */
      readonly relation: string;
      readonly personal?: { readonly staffName?: string };
    };

/** Computed by the API from officials' declared near relatives (近亲属) at submission. */
export interface NearRelativeMatch {
  readonly officialId: string;
  readonly relation: string;
  readonly memberIdNumber: string;
}

/**
 * The household's 诚信 standing at submission, looked up by the API from the credit records of
 * every member's household (libs/credit): a ban in force refuses the application; a grade that
 * calls for it requires a county home visit before approval.
 */
export interface CreditStandingInput {
  readonly householdId: string;
  /** 'good' 守信, 'general' 一般失信, 'serious' 较重失信, 'grave' 严重失信. */
  readonly grade: string;
  readonly policyVersion: string;
  readonly countyHomeVisit: boolean;
  /** The ban in force, if any: until its last day (inclusive), for these programmes. */
  readonly ban: {
    readonly until: string;
    readonly programmes: readonly string[];
    readonly recordId: string;
    readonly behaviour: string;
    readonly legalBasis: readonly string[];
  } | null;
}

export type SubmitApplication = Command<
  'SubmitApplication',
  ForCase & {
    readonly programme: Programme;
    /** Required for 'temporary', refused for the others. */
    readonly track?: TemporaryTrack;
    readonly townshipCode: string;
    readonly household: {
      readonly members: readonly MemberInput[];
      readonly monthlyIncomeFen: IncomeByCategory;
      readonly assets: AssetsDeclaration;
    };
    /** The payment account; required for monthly programmes. */
    readonly personal: { readonly bankAccount?: { readonly bankName: string; readonly accountNumber: string } };
    readonly honestyPledge: true;
    readonly dataCheckAuthorised: true;
    readonly relatedToStaff: StaffRelation;
    readonly nearRelativeMatches: readonly NearRelativeMatch[];
    /** Absent or null when no member's household has a credit record. */
    readonly creditStanding?: CreditStandingInput | null;
  }
>;

/** 一次性告知: every missing document in one notice. */
export type RequestMissingDocuments = Command<
  'RequestMissingDocuments',
  ForCase & { readonly documents: readonly { readonly code: string; readonly description: string }[] }
>;

export type RecordDocumentsSupplied = Command<
  'RecordDocumentsSupplied',
  ForCase & { readonly documents: readonly string[] }
>;

export type AcceptApplication = Command<'AcceptApplication', ForCase>;

export type RecordMeansCheck = Command<
  'RecordMeansCheck',
  ForCase & {
    /** The 核对报告 number. */
    readonly reportRef: string;
    readonly requestedOn: string;
    readonly reportedOn: string;
    /** Sources consulted (户籍, 纳税, 社保, 不动产, 市场主体, 车船, bank deposits, ...). */
    readonly sourcesChecked: readonly string[];
    readonly findings: {
      readonly monthlyIncomeFen: IncomeByCategory;
      readonly financialAssetsFen: number;
      readonly vehicles: number;
      readonly realEstateUnits: number;
      readonly businessRegistrations: number;
      readonly publicPayrollJob: boolean;
      readonly incomeOverLimit: boolean;
    };
  }
>;

export type RecordHomeVisit = Command<
  'RecordHomeVisit',
  ForCase & {
    readonly visitId: string;
    readonly visitedOn: string;
    readonly investigatorIds: readonly string[];
    /** True when county staff visited (mandatory for near-relative cases and complaints). */
    readonly byCounty: boolean;
    /** 'remote' (phone or video) is allowed during emergencies (低保 Art. 16). */
    readonly mode: 'in-person' | 'remote';
    readonly findings: string;
  }
>;

export type GivePreliminaryOpinion = Command<
  'GivePreliminaryOpinion',
  ForCase & {
    readonly opinion: 'eligible' | 'ineligible';
    /** Required for 'ineligible'. */
    readonly reasons?: readonly string[];
    /** The township's finding; defaults to the declaration with the latest 核对 figures over it. */
    readonly assessedMonthlyIncomeFen?: IncomeByCategory;
    /** Rigid expenditure on disability or serious illness the township allows to deduct. */
    readonly deductibleExpenditureFen?: number;
    /** For an eligible 低保/特困 opinion: the standard its proposal is computed at. */
    readonly standard?: StandardSnapshot;
    /** For an eligible 临时救助 opinion: the proposed one-off amount. */
    readonly proposedAmountFen?: number;
  }
>;

/** `from` defaults to today and may not be earlier. */
export type StartPublicity = Command<'StartPublicity', ForCase & { readonly from?: string; readonly place: string }>;

export type RecordObjection = Command<
  'RecordObjection',
  ForCase & {
    readonly receivedOn: string;
    readonly summary: string;
    readonly personal?: { readonly objectorName?: string };
  }
>;

/** A complaint or report (投诉举报) while the case awaits its decision: the county must visit. */
export type RecordComplaint = Command<
  'RecordComplaint',
  ForCase & { readonly receivedOn: string; readonly summary: string }
>;

/** The township's recommendation when it does not decide itself. */
export type SubmitForCountyConfirmation = Command<
  'SubmitForCountyConfirmation',
  ForCase & { readonly recommendation: 'approve' | 'reject'; readonly reasons?: readonly string[] }
>;

interface DecisionInput {
  /** explainDelegation at metadata.now for the programme (and amount, for 临时救助). */
  readonly delegation: DelegationExplanation;
}

export type ApproveCase = Command<
  'ApproveCase',
  ForCase &
    DecisionInput & {
      /** 低保/特困: the standard in force on the decision date. */
      readonly standard?: StandardSnapshot;
      /** 临时救助 only: the one-off amount. */
      readonly amountFen?: number;
    }
>;

export type RejectCase = Command<'RejectCase', ForCase & DecisionInput & { readonly reasons: readonly string[] }>;

export type ConfirmCase = Command<
  'ConfirmCase',
  ForCase & {
    readonly outcome: 'approve' | 'reject';
    readonly reasons?: readonly string[];
    readonly standard?: StandardSnapshot;
    readonly amountFen?: number;
  }
>;

export type RecordRejectionNotice = Command<
  'RecordRejectionNotice',
  ForCase & { readonly sentOn: string; readonly method: 'in-person' | 'post' | 'electronic' }
>;

export type ExtendDeadline = Command<'ExtendDeadline', ForCase & { readonly reason: string }>;

export type PayEmergencyAssistance = Command<
  'PayEmergencyAssistance',
  ForCase & {
    readonly amountFen: number;
    /** What happened (急难情形). */
    readonly need: string;
    /** Required when a township approver pays. */
    readonly delegation?: DelegationExplanation;
  }
>;

export type CompleteEmergencyPaperwork = Command<'CompleteEmergencyPaperwork', ForCase>;

export type CaseCommand =
  | SubmitApplication
  | RequestMissingDocuments
  | RecordDocumentsSupplied
  | AcceptApplication
  | RecordMeansCheck
  | RecordHomeVisit
  | GivePreliminaryOpinion
  | StartPublicity
  | RecordObjection
  | RecordComplaint
  | SubmitForCountyConfirmation
  | ApproveCase
  | RejectCase
  | ConfirmCase
  | RecordRejectionNotice
  | ExtendDeadline
  | PayEmergencyAssistance
  | CompleteEmergencyPaperwork
  | ManagementCommand
  | PaymentCommand;

export type CaseCommandType = CaseCommand['type'];
