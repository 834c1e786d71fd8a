import type {
  AmountDecision,
  MemberRecord,
  PaymentRecord,
  PaymentRefusal,
  RecoveryRecord,
  ReviewState,
  ShareStop,
  Suspension,
  Termination,
  TerminationProcedure,
} from './case-management.state';
import type { Programme, TemporaryTrack } from './case.policy';
import type { Award, DecisionMaker, IncomeAssessment, IncomeByCategory, Proposal } from './case.values';

/**
 * Where a case stands. 'in-publicity' stays until a decision or an objection: whether publicity
 * has run its length depends on the date, which queries take as an argument.
 */
export type CaseStatus =
  | 'none'
  | 'submitted'
  | 'documents-requested'
  | 'accepted'
  | 'opinion-given'
  | 'in-publicity'
  | 'awaiting-county-confirmation'
  | 'approved'
  | 'suspended'
  | 'terminated'
  | 'rejected'
  | 'emergency-granted'
  | 'emergency-completed';

/** 'credit': the household's 诚信 grade calls for a county visit (libs/credit policy, intake). */
export type CountyVisitGround = 'near-relative' | 'complaint' | 'credit';

/** A reason the county must visit, and since when: only a county visit on or after it counts. */
export interface CountyVisitRequirement {
  readonly ground: CountyVisitGround;
  readonly since: string;
}

export interface VisitSummary {
  readonly visitId: string;
  readonly visitedOn: string;
  readonly byCounty: boolean;
  readonly round: number;
}

export interface CaseState {
  readonly status: CaseStatus;
  readonly caseId: string | null;
  readonly programme: Programme | null;
  readonly track: TemporaryTrack | null;
  readonly townshipCode: string | null;
  readonly submittedOn: string | null;
  readonly memberCount: number;
  readonly declaredIncomeFen: IncomeByCategory;
  readonly nearRelative: boolean;
  readonly countyVisitRequirements: readonly CountyVisitRequirement[];
  readonly documents: {
    readonly requested: readonly string[];
    readonly outstanding: readonly string[];
    readonly notices: number;
  };
  readonly acceptedOn: string | null;
  readonly investigationStartDueBy: string | null;
  /** The first day investigation work is on record (a 核对 request or a home visit). */
  readonly investigationStartedOn: string | null;
  /** 特困 only: the township's investigation and 初审 (reset by an objection). */
  readonly opinionDueBy: string | null;
  readonly deadline: { readonly dueBy: string; readonly totalWorkingDays: number; readonly extended: boolean } | null;
  /** Investigation round: 1 from acceptance, one more after each objection. */
  readonly round: number;
  /** Latest 核对 figures by source, laid over the declaration when the opinion does not assess. */
  readonly meansCheckIncomeFen: IncomeByCategory | null;
  readonly meansChecks: number;
  readonly visits: readonly VisitSummary[];
  readonly opinion: {
    readonly round: number;
    readonly givenOn: string;
    readonly opinion: 'eligible' | 'ineligible';
    readonly assessment: IncomeAssessment;
    readonly proposal: Proposal | null;
  } | null;
  readonly publicity: { readonly round: number; readonly from: string; readonly until: string } | null;
  readonly objections: number;
  readonly complaints: number;
  readonly countyConfirmation: {
    readonly submittedOn: string;
    readonly recommendation: 'approve' | 'reject';
    readonly dueBy: string;
  } | null;
  readonly decision: {
    readonly outcome: 'approved' | 'rejected';
    readonly decidedOn: string;
    readonly decidedBy: DecisionMaker;
    readonly award: Award | null;
    readonly reasons: readonly string[];
  } | null;
  readonly rejectionNotice: {
    readonly dueBy: string;
    readonly sentOn: string | null;
    readonly late: boolean | null;
  } | null;
  readonly emergency: {
    readonly grantedOn: string;
    readonly amountFen: number;
    readonly decidedBy: DecisionMaker;
    readonly paperworkDueBy: string;
    readonly completedOn: string | null;
  } | null;
  /** The household by member index; identity numbers only under personal. */
  readonly members: readonly MemberRecord[];
  readonly personal: { readonly memberIdNumbers: readonly string[] };
  readonly review: ReviewState | null;
  /** Decisions fixing the monthly amount, in the order of their first month. */
  readonly amounts: readonly AmountDecision[];
  readonly shareStops: readonly ShareStop[];
  /** The income in the latest change report, until a decision takes it into account. */
  readonly reportedIncomeFen: IncomeByCategory | null;
  readonly suspensions: readonly Suspension[];
  readonly terminationProcedure: TerminationProcedure | null;
  readonly termination: Termination | null;
  readonly payments: readonly PaymentRecord[];
  readonly paymentRefusals: readonly PaymentRefusal[];
  readonly recoveries: readonly RecoveryRecord[];
}

export function initialCaseState(): CaseState {
  return {
    status: 'none',
    caseId: null,
    programme: null,
    track: null,
    townshipCode: null,
    submittedOn: null,
    memberCount: 0,
    declaredIncomeFen: {},
    nearRelative: false,
    countyVisitRequirements: [],
    documents: { requested: [], outstanding: [], notices: 0 },
    acceptedOn: null,
    investigationStartDueBy: null,
    investigationStartedOn: null,
    opinionDueBy: null,
    deadline: null,
    round: 0,
    meansCheckIncomeFen: null,
    meansChecks: 0,
    visits: [],
    opinion: null,
    publicity: null,
    objections: 0,
    complaints: 0,
    countyConfirmation: null,
    decision: null,
    rejectionNotice: null,
    emergency: null,
    members: [],
    personal: { memberIdNumbers: [] },
    review: null,
    amounts: [],
    shareStops: [],
    reportedIncomeFen: null,
    suspensions: [],
    terminationProcedure: null,
    termination: null,
    payments: [],
    paymentRefusals: [],
    recoveries: [],
  };
}

/** The grounds for a county visit that no county visit on or after them has met yet. */
export function unmetCountyVisitGrounds(state: CaseState): readonly CountyVisitGround[] {
  return state.countyVisitRequirements
    .filter((req) => !state.visits.some((v) => v.byCounty && v.visitedOn >= req.since))
    .map((req) => req.ground);
}
