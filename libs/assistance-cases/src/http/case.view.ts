import type { CaseState } from '../case.state';
import { caseDeadline, type NextAction, nextAction, overdueDeadlines, type PendingDeadline, pendingDeadlines } from '../case.queries';

/** A case as the API shows it: its state, and what it waits for as of today, with deadlines. */
export interface CaseView extends CaseState {
  readonly asOf: string;
  readonly nextAction: NextAction | null;
  readonly deadlineDueBy: string | null;
  readonly pendingDeadlines: readonly PendingDeadline[];
  readonly overdue: readonly PendingDeadline[];
}

export function toCaseView(state: CaseState, asOf: string): CaseView {
  if (state.status === 'none') {
    return { ...state, asOf, nextAction: null, deadlineDueBy: null, pendingDeadlines: [], overdue: [] };
  }
  return {
    ...state,
    asOf,
    nextAction: nextAction(state, asOf),
    deadlineDueBy: caseDeadline(state),
    pendingDeadlines: pendingDeadlines(state),
    overdue: overdueDeadlines(state, asOf),
  };
}
