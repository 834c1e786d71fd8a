import type { WorkingCalendar } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import type { CaseCommand } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { evolveCase } from './case.evolve';
import { type CasePolicy, DEFAULT_CASE_POLICY } from './case.policy';
import { type CaseState, initialCaseState } from './case.state';
import { approveCase, confirmCase, rejectCase, submitForCountyConfirmation } from './case-decision.decider';
import { extendDeadline, recordRejectionNotice } from './case-deadline.decider';
import { completeEmergencyPaperwork, payEmergencyAssistance } from './case-emergency.decider';
import { submitApplication } from './case-application.decider';
import { acceptApplication, recordDocumentsSupplied, requestMissingDocuments } from './case-intake.decider';
import { givePreliminaryOpinion, recordHomeVisit, recordMeansCheck } from './case-investigation.decider';
import { recordComplaint, recordObjection, startPublicity } from './case-publicity.decider';
import { recordMemberDeath } from './case-death.decider';
import {
  changeAmount,
  recordJobOfferAccepted,
  recordJobOfferRefused,
  startGradualExit,
} from './case-management.decider';
import { cancelPayment, recordSettlement, reissuePayment, schedulePayment } from './case-payments.decider';
import { imposeFraudFine, orderRecovery, recordRepayment } from './case-recovery.decider';
import { classifyCase, recordReview, reportHouseholdChange } from './case-review.decider';
import { resumeCase, suspendCase } from './case-suspension.decider';
import {
  recordTerminationObjection,
  startTerminationPublicity,
  terminateCase,
  withdrawTermination,
} from './case-termination.decider';

export interface CaseDeciderOptions {
  readonly policy?: CasePolicy;
  /** Working days for every deadline; the API builds it once from configuration. */
  readonly calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}

/**
 * The rules of one assistance case (`case-<caseId>`). Pure: the date is the China date of
 * metadata.now, ids come in the commands, and what other contexts know (the delegation in force,
 * the standard in force, officials' near relatives) comes in the command as the API found it.
 */
export function createCaseDecider(options: CaseDeciderOptions): Decider<CaseCommand, CaseEvent, CaseState> {
  const deps: DeadlineDeps = { policy: options.policy ?? DEFAULT_CASE_POLICY, calendar: options.calendar };
  return {
    initialState: initialCaseState,
    evolve: evolveCase,
    decide: (command, state) => decideCase(command, state, deps),
  };
}

function decideCase(command: CaseCommand, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  switch (command.type) {
    case 'SubmitApplication':
      return submitApplication(command, state);
    case 'RequestMissingDocuments':
      return requestMissingDocuments(command, state);
    case 'RecordDocumentsSupplied':
      return recordDocumentsSupplied(command, state);
    case 'AcceptApplication':
      return acceptApplication(command, state, deps);
    case 'RecordMeansCheck':
      return recordMeansCheck(command, state);
    case 'RecordHomeVisit':
      return recordHomeVisit(command, state, deps);
    case 'GivePreliminaryOpinion':
      return givePreliminaryOpinion(command, state, deps);
    case 'StartPublicity':
      return startPublicity(command, state, deps);
    case 'RecordObjection':
      return recordObjection(command, state, deps);
    case 'RecordComplaint':
      return recordComplaint(command, state);
    case 'SubmitForCountyConfirmation':
      return submitForCountyConfirmation(command, state, deps);
    case 'ApproveCase':
      return approveCase(command, state, deps);
    case 'RejectCase':
      return rejectCase(command, state, deps);
    case 'ConfirmCase':
      return confirmCase(command, state, deps);
    case 'RecordRejectionNotice':
      return recordRejectionNotice(command, state);
    case 'ExtendDeadline':
      return extendDeadline(command, state, deps);
    case 'PayEmergencyAssistance':
      return payEmergencyAssistance(command, state, deps);
    case 'CompleteEmergencyPaperwork':
      return completeEmergencyPaperwork(command, state);
    case 'ClassifyCase':
      return classifyCase(command, state, deps);
    case 'RecordReview':
      return recordReview(command, state, deps);
    case 'ReportHouseholdChange':
      return reportHouseholdChange(command, state);
    case 'ChangeAmount':
      return changeAmount(command, state, deps);
    case 'StartGradualExit':
      return startGradualExit(command, state, deps);
    case 'RecordJobOfferRefused':
      return recordJobOfferRefused(command, state, deps);
    case 'RecordJobOfferAccepted':
      return recordJobOfferAccepted(command, state);
    case 'SuspendCase':
      return suspendCase(command, state);
    case 'ResumeCase':
      return resumeCase(command, state);
    case 'StartTerminationPublicity':
      return startTerminationPublicity(command, state, deps);
    case 'RecordTerminationObjection':
      return recordTerminationObjection(command, state, deps);
    case 'WithdrawTermination':
      return withdrawTermination(command, state);
    case 'TerminateCase':
      return terminateCase(command, state);
    case 'RecordMemberDeath':
      return recordMemberDeath(command, state);
    case 'SchedulePayment':
      return schedulePayment(command, state, deps);
    case 'RecordSettlement':
      return recordSettlement(command, state);
    case 'CancelPayment':
      return cancelPayment(command, state);
    case 'ReissuePayment':
      return reissuePayment(command, state);
    case 'OrderRecovery':
      return orderRecovery(command, state);
    case 'RecordRepayment':
      return recordRepayment(command, state);
    case 'ImposeFraudFine':
      return imposeFraudFine(command, state, deps);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}
