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
}

export function toCaseView(full: CaseState, asOf: string): CaseView {
  const { personal: _personal, ...state } = full;
  if (state.status === 'none') {
    return { ...state, asOf, nextAction: null, deadlineDueBy: null, pendingDeadlines: [], overdue: [] };
  }
  return {
    ...state,
    asOf,
    nextAction: nextAction(full, asOf),
    deadlineDueBy: caseDeadline(full),
    pendingDeadlines: pendingDeadlines(full),
    overdue: overdueDeadlines(full, asOf),
  };
}
