import { addDays, type WorkingCalendar } from '@app/calendar';
import type { CasePolicy, Programme } from './case.policy';

/**
 * Due dates of the procedure. A period of n working days from a date ends on the day n working
 * days have passed, the starting day not counted (the calendar's rule). Due dates are computed
 * when a step is taken and recorded in its event, so a later change of the holiday configuration
 * never moves a deadline that was already running.
 */
export interface DeadlineDeps {
  readonly policy: CasePolicy;
  readonly calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}

export function investigationStartDue({ policy, calendar }: DeadlineDeps, acceptedOn: string): string {
  return calendar.addWorkingDays(acceptedOn, policy.investigationStartWorkingDays);
}

/** The decision deadline: 30 working days from acceptance, or 45 once extended (低保). */
export function decisionDue(
  { policy, calendar }: DeadlineDeps,
  programme: Programme,
  acceptedOn: string,
  extended: boolean,
): { readonly dueBy: string; readonly totalWorkingDays: number } {
  const terms = policy.deadlines[programme];
  const totalWorkingDays = extended ? terms.extendedTotalWorkingDays : terms.totalWorkingDays;
  return { dueBy: calendar.addWorkingDays(acceptedOn, totalWorkingDays), totalWorkingDays };
}

/** 特困: the township's investigation and 初审, from acceptance or from an objection. */
export function opinionDue({ policy, calendar }: DeadlineDeps, programme: Programme, from: string): string | null {
  const days = policy.deadlines[programme].townshipOpinionWorkingDays;
  return days === null ? null : calendar.addWorkingDays(from, days);
}

export function countyConfirmationDue(
  { policy, calendar }: DeadlineDeps,
  programme: Programme,
  submittedOn: string,
): string {
  return calendar.addWorkingDays(submittedOn, policy.deadlines[programme].countyConfirmationWorkingDays);
}

export function rejectionNoticeDue({ policy, calendar }: DeadlineDeps, decidedOn: string): string {
  return calendar.addWorkingDays(decidedOn, policy.rejectionNoticeWorkingDays);
}

export function emergencyPaperworkDue({ policy, calendar }: DeadlineDeps, grantedOn: string): string {
  return calendar.addWorkingDays(grantedOn, policy.emergencyPaperworkWorkingDays);
}

/** The last day of publicity: 7 calendar days are `from` and the six days after it. */
export function publicityUntil(policy: Pick<CasePolicy, 'publicityDays'>, from: string): string {
  return addDays(from, policy.publicityDays - 1);
}
