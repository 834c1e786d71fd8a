import { dateInChina, type WorkingCalendar } from '@app/calendar';
import { decisionDue } from '@app/assistance-cases/case.deadlines';
import { reviewDueBy } from '@app/assistance-cases/case-management.queries';
import type { CasePolicy, Programme } from '@app/assistance-cases/case.policy';
import type { CaseState } from '@app/assistance-cases/case.state';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { asCaseInput, type CaseInput, caseTypes, ruleHead, step } from './rule-support';

/**
 * 逾期: the decision on an application not taken by its deadline (30 working days from 受理,
 * 45 once extended: policy.deadlines by programme), or a periodic review (定期核查) not done by
 * its due date (policy.reviewIntervalMonths by class). Time-driven: `tick(now)` raises what is
 * overdue on the China date of `now`; `evolve` also raises a decision or review recorded after
 * its due date (so a replay, whose ticks come later, still sees what was late). Due dates are the
 * ones the case recorded when each step was taken; the working calendar measures the overrun and
 * finds the statutory maximum (the extended total from acceptance), past which a decision is
 * severity high. Keys: `<caseId>:decision:<dueBy>`, `<caseId>:review:<dueBy>`: an extension or a
 * new review due date is a new deadline.
 *
 * State: per case, the pending decision deadline and review due date with the events that set them
 * (dropped when met or when the case leaves the procedure or payment), and the keys already raised
 * for them, so a tick raises each once.
 */
export const DEADLINE_OVERDUE = 'deadline-overdue';

export interface DeadlineOverdueOptions {
  readonly calendar: WorkingCalendar;
  readonly policy: CasePolicy;
  readonly severity?: Severity;
}

interface Pending {
  readonly dueBy: string;
  readonly setBy: string;
}

interface CaseDeadlines {
  township: string;
  programme: Programme | null;
  acceptedOn: string | null;
  decision: Pending | null;
  review: Pending | null;
  readonly raised: Set<string>;
}

export interface DeadlineOverdueState {
  readonly cases: Map<string, CaseDeadlines>;
}

const AWAITING_DECISION = new Set<CaseState['status']>([
  'accepted',
  'opinion-given',
  'in-publicity',
  'awaiting-county-confirmation',
]);

export function deadlineOverdueRule(options: DeadlineOverdueOptions): IntegrityRule<DeadlineOverdueState> {
  const { calendar, policy } = options;
  const deps = { calendar, policy };

  type Build = (caseId: string, d: CaseDeadlines, dueBy: string, today: string, evidence: string[]) => RuleFinding;

  const decisionFinding: Build = (caseId, d, dueBy, today, evidence) => {
    const overdue = calendar.workingDaysBetween(dueBy, today);
    const maximum =
      d.programme === null || d.acceptedOn === null ? null : decisionDue(deps, d.programme, d.acceptedOn, true).dueBy;
    const beyondMaximum = maximum !== null && today > maximum;
    return {
      key: `${caseId}:decision:${dueBy}`,
      township: d.township,
      caseId,
      evidence,
      summary: `案件${caseId}审核确认逾期：应于${dueBy}前作出决定，截至${today}已逾期${overdue}个工作日`,
      details: {
        deadline: 'decision',
        dueBy,
        asOf: today,
        overdueWorkingDays: overdue,
        statutoryMaximum: maximum,
        beyondMaximum,
      },
      ...(beyondMaximum ? { severity: 'high' as const } : {}),
    };
  };

  const reviewFinding: Build = (caseId, d, dueBy, today, evidence) => {
    const overdue = calendar.workingDaysBetween(dueBy, today);
    return {
      key: `${caseId}:review:${dueBy}`,
      township: d.township,
      caseId,
      evidence,
      summary: `案件${caseId}定期核查逾期：应于${dueBy}前核查，截至${today}已逾期${overdue}个工作日`,
      details: { deadline: 'review', dueBy, asOf: today, overdueWorkingDays: overdue },
    };
  };

  /** A decision or review recorded after its due date, unless a tick raised it already. */
  const late = (c: CaseInput, d: CaseDeadlines): RuleFinding[] => {
    const e = c.event;
    if (e.type === 'CaseApproved' || e.type === 'CaseRejected') {
      const dueBy = e.data.deadline.dueBy;
      if (e.data.deadline.met && e.data.decidedOn <= dueBy) return [];
      if (d.raised.has(`decision:${dueBy}`)) return [];
      const setBy = d.decision?.dueBy === dueBy ? d.decision.setBy : e.eventId;
      const evidence = setBy === e.eventId ? [e.eventId] : [setBy, e.eventId];
      return [decisionFinding(c.caseId, d, dueBy, e.data.decidedOn, evidence)];
    }
    if (e.type === 'ReviewRecorded') {
      const dueBy = e.data.dueBy;
      if (!e.data.late && e.data.reviewedOn <= dueBy) return [];
      if (d.raised.has(`review:${dueBy}`)) return [];
      const setBy = d.review?.dueBy === dueBy ? d.review.setBy : e.eventId;
      const evidence = setBy === e.eventId ? [e.eventId] : [setBy, e.eventId];
      return [reviewFinding(c.caseId, d, dueBy, e.data.reviewedOn, evidence)];
    }
    return [];
  };

  return {
    ...ruleHead(DEADLINE_OVERDUE, '审核确认或定期核查逾期', options.severity ?? 'medium', [
      ...caseTypes(
        'ApplicationAccepted',
        'ObjectionRecorded',
        'SubmittedForCountyConfirmation',
        'DeadlineExtended',
        'CaseApproved',
        'CaseRejected',
        'CaseClassified',
        'ReviewRecorded',
        'CaseSuspended',
        'CaseResumed',
        'CaseTerminated',
      ),
    ]),
    initialState: () => ({ cases: new Map() }),
    evolve(state, input) {
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const d: CaseDeadlines = state.cases.get(c.caseId) ?? {
        township: c.township,
        programme: null,
        acceptedOn: null,
        decision: null,
        review: null,
        raised: new Set(),
      };
      const findings = late(c, d);
      update(c, d, policy);
      if (d.decision === null && d.review === null) state.cases.delete(c.caseId);
      else state.cases.set(c.caseId, d);
      return step(state, findings);
    },
    tick(state, now) {
      const today = dateInChina(now.toISOString());
      const findings: RuleFinding[] = [];
      for (const [caseId, d] of state.cases) {
        if (d.decision !== null && today > d.decision.dueBy && !d.raised.has(`decision:${d.decision.dueBy}`)) {
          d.raised.add(`decision:${d.decision.dueBy}`);
          findings.push(decisionFinding(caseId, d, d.decision.dueBy, today, [d.decision.setBy]));
        }
        if (d.review !== null && today > d.review.dueBy && !d.raised.has(`review:${d.review.dueBy}`)) {
          d.raised.add(`review:${d.review.dueBy}`);
          findings.push(reviewFinding(caseId, d, d.review.dueBy, today, [d.review.setBy]));
        }
      }
      return step(state, findings);
    },
  };
}

/** The deadlines the case has running after the event, each with the event that set it. */
function update(c: CaseInput, d: CaseDeadlines, policy: CasePolicy): void {
  const after = c.case.after;
  d.township = c.township;
  d.programme = after.programme;
  d.acceptedOn = after.acceptedOn;
  const decisionDueBy = AWAITING_DECISION.has(after.status) ? (after.deadline?.dueBy ?? null) : null;
  d.decision = pending(d.decision, decisionDueBy, c.event.eventId);
  d.review = pending(d.review, reviewDueBy(after, policy), c.event.eventId);
  // What was raised stays raised while its deadline runs; a deadline met or moved is forgotten.
  for (const raised of d.raised) {
    if (raised !== `decision:${d.decision?.dueBy}` && raised !== `review:${d.review?.dueBy}`) d.raised.delete(raised);
  }
}

function pending(current: Pending | null, dueBy: string | null, eventId: string): Pending | null {
  if (dueBy === null) return null;
  return current !== null && current.dueBy === dueBy ? current : { dueBy, setBy: eventId };
}
