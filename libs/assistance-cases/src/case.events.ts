import type { ManagementEvent } from './case-management.events';
import type { PaymentEvent } from './case-payments.events';
import type {
  CaseApproved,
  CaseRejected,
  DeadlineExtended,
  EmergencyAssistanceGranted,
  EmergencyPaperworkCompleted,
  RejectionNoticeSent,
  SubmittedForCountyConfirmation,
} from './case-decision.events';
import type {
  ApplicationAccepted,
  ApplicationSubmitted,
  DocumentsSupplied,
  MissingDocumentsRequested,
  NearRelativeCaseRegistered,
} from './case-intake.events';
import type {
  ComplaintRecorded,
  HomeVisitRecorded,
  MeansCheckReported,
  ObjectionRecorded,
  PreliminaryOpinionGiven,
  PublicityStarted,
} from './case-investigation.events';

export type * from './case-intake.events';
export type * from './case-investigation.events';
export type * from './case-decision.events';
export type * from './case-management.events';
export type * from './case-payments.events';

/**
 * What happened to one assistance case, in the order it happened. The actor of each event is in
 * its metadata; decisions also name the deciding official, level and delegation in their data, so
 * that the case can be judged from its own stream. Dates are local (UTC+8) 'YYYY-MM-DD'.
 */

export function caseStreamId(caseId: string): string {
  return `case-${caseId}`;
}

export type CaseEvent =
  | ApplicationSubmitted
  | NearRelativeCaseRegistered
  | MissingDocumentsRequested
  | DocumentsSupplied
  | ApplicationAccepted
  | MeansCheckReported
  | HomeVisitRecorded
  | PreliminaryOpinionGiven
  | PublicityStarted
  | ObjectionRecorded
  | ComplaintRecorded
  | SubmittedForCountyConfirmation
  | CaseApproved
  | CaseRejected
  | RejectionNoticeSent
  | DeadlineExtended
  | EmergencyAssistanceGranted
  | EmergencyPaperworkCompleted
  | ManagementEvent
  | PaymentEvent;

export type CaseEventType = CaseEvent['type'];

/** The procedure from application to decision: what a case waits for before it is in payment. */
export const CASE_PROCEDURE_EVENT_TYPES: readonly CaseEventType[] = Object.freeze([
  'ApplicationSubmitted',
  'NearRelativeCaseRegistered',
  'MissingDocumentsRequested',
  'DocumentsSupplied',
  'ApplicationAccepted',
  'MeansCheckReported',
  'HomeVisitRecorded',
  'PreliminaryOpinionGiven',
  'PublicityStarted',
  'ObjectionRecorded',
  'ComplaintRecorded',
  'SubmittedForCountyConfirmation',
  'CaseApproved',
  'CaseRejected',
  'RejectionNoticeSent',
  'DeadlineExtended',
  'EmergencyAssistanceGranted',
  'EmergencyPaperworkCompleted',
]);

/** Every event type, for tests and projections that must handle them all. */
export const CASE_EVENT_TYPES: readonly CaseEventType[] = Object.freeze([
  ...CASE_PROCEDURE_EVENT_TYPES,
  'CaseClassified',
  'ReviewRecorded',
  'HouseholdChangeReported',
  'AmountChanged',
  'GradualExitStarted',
  'JobOfferRefused',
  'JobOfferAccepted',
  'MemberShareStopped',
  'CaseSuspended',
  'CaseResumed',
  'TerminationPublicityStarted',
  'TerminationObjectionRecorded',
  'TerminationWithdrawn',
  'CaseTerminated',
  'MemberDied',
  'PaymentScheduled',
  'PaymentRefused',
  'PaymentSettled',
  'PaymentFailed',
  'PaymentReturned',
  'PaymentCancelled',
  'PaymentReissued',
  'RecoveryOrdered',
  'RepaymentRecorded',
  'FraudFineImposed',
]);
