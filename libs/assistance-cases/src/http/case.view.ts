import { isReviewOverdue, reviewDueBy } from '../case-management.queries';
import { type CasePolicy, DEFAULT_CASE_POLICY } from '../case.policy';
import type { CaseState } from '../case.state';
import { caseDeadline, type NextAction, nextAction, overdueDeadlines, type PendingDeadline, pendingDeadlines } from '../case.queries';

/**
 * A case as the API shows it: its state without the members' ID numbers (those stay in the
 * events' personal data), and what it waits for as of today, with deadlines.
 */
export interface CaseView extends Omit<CaseState, 'personal'> {
  readonly asOf: string;
  readonly nextAction: NextAction | null;
  readonly deadlineDueBy: string | null;
  readonly pendingDeadlines: readonly PendingDeadline[];
  readonly overdue: readonly PendingDeadline[];
  /** The next periodic review (动态管理) of an approved case, and whether it is overdue today. */
  readonly reviewDueBy: string | null;
  readonly reviewOverdue: boolean;
}

export function toCaseView(full: CaseState, asOf: string, policy: CasePolicy = DEFAULT_CASE_POLICY): CaseView {
  const { personal: _personal, ...state } = full;
  if (state.status === 'none') {
    return {
      ...state,
      asOf,
      nextAction: null,
      deadlineDueBy: null,
      pendingDeadlines: [],
      overdue: [],
      reviewDueBy: null,
      reviewOverdue: false,
    };
  }
  return {
    ...state,
    asOf,
    nextAction: nextAction(full, asOf),
    deadlineDueBy: caseDeadline(full),
    pendingDeadlines: pendingDeadlines(full),
    overdue: overdueDeadlines(full, asOf),
    reviewDueBy: reviewDueBy(full, policy),
    reviewOverdue: isReviewOverdue(full, asOf, policy),
  };
}
