import { addDays, dateInChina } from '@app/calendar';
import { countyOf } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import { type IncomeBand, incomeBand, monthlyAward } from './case.amount';
import type { CaseCommandType } from './case.commands';
import { COUNTY_REVIEWER, DECIDERS, TOWNSHIP_APPROVER, TOWNSHIP_STAFF } from './case.guards';
import type { CasePolicy } from './case.policy';
import { type CaseState, type CountyVisitGround, unmetCountyVisitGrounds } from './case.state';

/**
 * Questions about one case as of a date. `asOf` is a local date 'YYYY-MM-DD' or an instant,
 * read in China time. Due dates come from the events, as they were fixed when each step was taken.
 */

export type DeadlineKind =
  | 'investigation-start'
  | 'township-opinion'
  | 'decision'
  | 'county-confirmation'
  | 'rejection-notice'
  | 'emergency-paperwork';

export interface PendingDeadline {
  readonly kind: DeadlineKind;
  readonly dueBy: string;
}

const AWAITING_DECISION = new Set<CaseState['status']>([
  'accepted',
  'opinion-given',
  'in-publicity',
  'awaiting-county-confirmation',
]);

/** The case's deadline: the decision's (30 or 45 working days), or the emergency paperwork's. */
export function caseDeadline(state: CaseState): string | null {
  return state.deadline?.dueBy ?? state.emergency?.paperworkDueBy ?? null;
}

/** Every deadline still running: the step it asks for has not been taken yet. */
export function pendingDeadlines(state: CaseState): readonly PendingDeadline[] {
  const pending: PendingDeadline[] = [];
  const awaiting = AWAITING_DECISION.has(state.status);
  if (awaiting && state.investigationStartedOn === null && state.investigationStartDueBy !== null) {
    pending.push({ kind: 'investigation-start', dueBy: state.investigationStartDueBy });
  }
  if (state.status === 'accepted' && state.opinionDueBy !== null) {
    pending.push({ kind: 'township-opinion', dueBy: state.opinionDueBy });
  }
  if (awaiting && state.deadline !== null) pending.push({ kind: 'decision', dueBy: state.deadline.dueBy });
  if (state.status === 'awaiting-county-confirmation' && state.countyConfirmation !== null) {
    pending.push({ kind: 'county-confirmation', dueBy: state.countyConfirmation.dueBy });
  }
  if (state.rejectionNotice !== null && state.rejectionNotice.sentOn === null) {
    pending.push({ kind: 'rejection-notice', dueBy: state.rejectionNotice.dueBy });
  }
  if (state.status === 'emergency-granted' && state.emergency !== null) {
    pending.push({ kind: 'emergency-paperwork', dueBy: state.emergency.paperworkDueBy });
  }
  return pending;
}

/** Running deadlines whose last day is before `asOf`. */
export function overdueDeadlines(state: CaseState, asOf: string): readonly PendingDeadline[] {
  const today = dateInChina(asOf);
  return pendingDeadlines(state).filter((d) => today > d.dueBy);
}

export function isOverdue(state: CaseState, asOf: string): boolean {
  return overdueDeadlines(state, asOf).length > 0;
}

/** Steps taken after their deadline, for inspection: what was late, not what is late now. */
export function missedDeadlines(state: CaseState): readonly PendingDeadline[] {
  const missed: PendingDeadline[] = [];
  if (
    state.investigationStartedOn !== null &&
    state.investigationStartDueBy !== null &&
    state.investigationStartedOn > state.investigationStartDueBy
  ) {
    missed.push({ kind: 'investigation-start', dueBy: state.investigationStartDueBy });
  }
  if (state.decision !== null && state.deadline !== null && state.decision.decidedOn > state.deadline.dueBy) {
    missed.push({ kind: 'decision', dueBy: state.deadline.dueBy });
  }
  if (state.rejectionNotice?.late === true) {
    missed.push({ kind: 'rejection-notice', dueBy: state.rejectionNotice.dueBy });
  }
  if (state.emergency?.completedOn != null && state.emergency.completedOn > state.emergency.paperworkDueBy) {
    missed.push({ kind: 'emergency-paperwork', dueBy: state.emergency.paperworkDueBy });
  }
  return missed;
}

export interface NextAction {
  readonly step: string;
  /** The commands that take the step. */
  readonly commands: readonly CaseCommandType[];
  readonly roles: readonly Role[];
  /** Whose staff take it: the case's township, or its county. */
  readonly unit: string;
  readonly dueBy: string | null;
  readonly overdue: boolean;
  /** Not before this date (the day after publicity ends). */
  readonly notBefore: string | null;
  /** Grounds on which the county must still visit; until it has, the case cannot be approved. */
  readonly countyVisitPending: readonly CountyVisitGround[];
}

/** What the case waits for, who may do it and by when; null when nothing is left to do. */
export function nextAction(state: CaseState, asOf: string): NextAction | null {
  const today = dateInChina(asOf);
  const township = state.townshipCode as string;
  const county = countyOf(township) ?? township;
  const decisionDue = state.deadline?.dueBy ?? null;
  const act = (
    step: string,
    commands: readonly CaseCommandType[],
    roles: readonly Role[],
    dueBy: string | null,
    options: { unit?: string; notBefore?: string | null } = {},
  ): NextAction => ({
    step,
    commands,
    roles,
    unit: options.unit ?? township,
    dueBy,
    overdue: dueBy !== null && today > dueBy,
    notBefore: options.notBefore ?? null,
    countyVisitPending,
  });
  const countyVisitPending = unmetCountyVisitGrounds(state);
  const countyVisitNeeded = countyVisitPending.length > 0;

  switch (state.status) {
    // After approval the case's work is asked by its own queries (reviewDueBy, terminationDue,
    // paymentsToCancel, overpayments), not by the procedure's next step.
    case 'none':
    case 'approved':
    case 'suspended':
    case 'terminated':
    case 'emergency-completed':
      return null;
    case 'submitted':
      return state.track === 'emergency'
        ? act('pay-emergency-assistance', ['PayEmergencyAssistance'], DECIDERS, null)
        : act('accept-application', ['AcceptApplication', 'RequestMissingDocuments'], TOWNSHIP_STAFF, null);
    case 'documents-requested':
      return state.documents.outstanding.length > 0
        ? act('await-documents', ['RecordDocumentsSupplied'], TOWNSHIP_STAFF, null)
        : act('accept-application', ['AcceptApplication'], TOWNSHIP_STAFF, null);
    case 'accepted': {
      const missing: CaseCommandType[] = [];
      if (state.meansChecks === 0) missing.push('RecordMeansCheck');
      if (!state.visits.some((v) => v.round === state.round)) missing.push('RecordHomeVisit');
      if (missing.length > 0) {
        const due =
          state.investigationStartedOn === null ? state.investigationStartDueBy : (state.opinionDueBy ?? decisionDue);
        return act('investigate', missing, TOWNSHIP_STAFF, due);
      }
      return act(
        'give-preliminary-opinion',
        ['GivePreliminaryOpinion'],
        TOWNSHIP_STAFF,
        state.opinionDueBy ?? decisionDue,
      );
    }
    case 'opinion-given':
      return state.opinion?.opinion === 'eligible'
        ? act('start-publicity', ['StartPublicity'], TOWNSHIP_STAFF, decisionDue)
        : act('decide', ['RejectCase', 'SubmitForCountyConfirmation'], TOWNSHIP_APPROVER, decisionDue);
    case 'in-publicity': {
      // The township decides or submits; with a county visit pending it can approve only after it.
      const notBefore = addDays((state.publicity as NonNullable<CaseState['publicity']>).until, 1);
      return act(
        'decide',
        ['ApproveCase', 'RejectCase', 'SubmitForCountyConfirmation'],
        TOWNSHIP_APPROVER,
        decisionDue,
        {
          notBefore: today < notBefore ? notBefore : null,
        },
      );
    }
    case 'awaiting-county-confirmation': {
      const due = state.countyConfirmation?.dueBy ?? decisionDue;
      return countyVisitNeeded
        ? act('county-home-visit', ['RecordHomeVisit'], COUNTY_REVIEWER, due, { unit: county })
        : act('county-confirmation', ['ConfirmCase'], COUNTY_REVIEWER, due, { unit: county });
    }
    case 'rejected':
      return state.rejectionNotice !== null && state.rejectionNotice.sentOn === null
        ? act('send-rejection-notice', ['RecordRejectionNotice'], TOWNSHIP_STAFF, state.rejectionNotice.dueBy)
        : null;
    case 'emergency-granted': {
      const due = state.emergency?.paperworkDueBy ?? null;
      if (state.visits.length === 0) return act('record-home-visit', ['RecordHomeVisit'], TOWNSHIP_STAFF, due);
      if (countyVisitNeeded) {
        return act('county-home-visit', ['RecordHomeVisit'], COUNTY_REVIEWER, due, { unit: county });
      }
      return act('complete-emergency-paperwork', ['CompleteEmergencyPaperwork'], TOWNSHIP_STAFF, due);
    }
    default: {
      const exhaustive: never = state.status;
      return exhaustive;
    }
  }
}

/** The monthly amount an approval at this standard would fix, or null before an eligible opinion. */
export function previewMonthlyAmountFen(state: CaseState, standardFen: number): number | null {
  if (state.opinion?.opinion !== 'eligible' || (state.programme !== 'dibao' && state.programme !== 'tekun')) {
    return null;
  }
  return monthlyAward(state.programme, standardFen, state.opinion.assessment).monthlyAmountFen;
}

/** The household's band against the 低保 standard (below, 低边, above), from the latest opinion. */
export function incomeBandOf(
  state: CaseState,
  dibaoStandardFen: number,
  policy: Pick<CasePolicy, 'nearPovertyMultiplier'>,
): IncomeBand | null {
  return state.opinion === null ? null : incomeBand(state.opinion.assessment, dibaoStandardFen, policy);
}
