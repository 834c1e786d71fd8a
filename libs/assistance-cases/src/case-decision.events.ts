import type { DomainEvent } from '@app/ledger/envelope';
import type { Programme } from './case.policy';
import type { Award, DeadlineCheck, DecisionMaker, DelegationRefusal } from './case.values';

/** 审核确认 and after: recommendations, decisions, notices, extensions, emergency help. */

export type SubmittedForCountyConfirmation = DomainEvent<
  'SubmittedForCountyConfirmation',
  {
    readonly caseId: string;
    readonly submittedOn: string;
    readonly recommendation: 'approve' | 'reject';
    readonly reasons: readonly string[];
    readonly submittedBy: { readonly officialId: string; readonly unit: string };
    /** Why the township did not decide itself: the delegation's answer, or its own choice. */
    readonly because: DelegationRefusal | 'submitted-by-choice';
    readonly confirmationDueBy: string;
  }
>;

export type CaseApproved = DomainEvent<
  'CaseApproved',
  {
    readonly caseId: string;
    readonly programme: Programme;
    readonly decidedOn: string;
    readonly decidedBy: DecisionMaker;
    /** Also in metadata.delegationId; repeated here so that the case stream alone shows it. */
    readonly delegationId: string | null;
    readonly award: Award;
    readonly deadline: DeadlineCheck;
  }
>;

export type CaseRejected = DomainEvent<
  'CaseRejected',
  {
    readonly caseId: string;
    readonly programme: Programme;
    readonly decidedOn: string;
    readonly decidedBy: DecisionMaker;
    readonly delegationId: string | null;
    readonly reasons: readonly string[];
    /** Written reasons must reach the applicant by this date (3 working days). */
    readonly noticeDueBy: string;
    readonly deadline: DeadlineCheck;
  }
>;

export type RejectionNoticeSent = DomainEvent<
  'RejectionNoticeSent',
  {
    readonly caseId: string;
    readonly sentOn: string;
    readonly method: 'in-person' | 'post' | 'electronic';
    readonly dueBy: string;
    readonly late: boolean;
  }
>;

export type DeadlineExtended = DomainEvent<
  'DeadlineExtended',
  {
    readonly caseId: string;
    readonly extendedOn: string;
    readonly reason: string;
    readonly previousDueBy: string;
    readonly newDueBy: string;
    readonly totalWorkingDays: number;
  }
>;

/** 急难型临时救助 paid first (先行救助); the paperwork follows. */
export type EmergencyAssistanceGranted = DomainEvent<
  'EmergencyAssistanceGranted',
  {
    readonly caseId: string;
    readonly grantedOn: string;
    readonly amountFen: number;
    readonly need: string;
    readonly decidedBy: DecisionMaker;
    readonly delegationId: string | null;
    readonly paperworkDueBy: string;
  }
>;

export type EmergencyPaperworkCompleted = DomainEvent<
  'EmergencyPaperworkCompleted',
  {
    readonly caseId: string;
    readonly completedOn: string;
    readonly visitIds: readonly string[];
    readonly late: boolean;
  }
>;
