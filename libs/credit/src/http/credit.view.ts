import { dateInChina } from '@app/calendar';
import type { CreditState } from '../credit.decider';
import { GRADE_LABELS } from '../credit.events';
import type { CreditPolicy } from '../credit.policy';
import { type CreditStanding, creditStanding } from '../credit.queries';

/** A household's credit as GET /households/:id/credit answers it. */
export interface CreditView {
  readonly householdId: string | null;
  readonly townshipCode: string | null;
  readonly grade: CreditState['grade'];
  readonly gradeLabel: string;
  readonly banUntil: string | null;
  /** Today's consequences at intake under the policy in force. */
  readonly standing: CreditStanding | null;
  readonly records: CreditState['records'];
  /** Every evaluation, oldest first, each with the policy version it used. */
  readonly history: CreditState['evaluations'];
}

export function toCreditView(state: CreditState, policy: CreditPolicy, now: string): CreditView {
  const active = state.banUntil !== null && state.banUntil >= dateInChina(now);
  return {
    householdId: state.householdId,
    townshipCode: state.townshipCode,
    grade: state.grade,
    gradeLabel: GRADE_LABELS[state.grade],
    banUntil: active ? state.banUntil : null,
    standing: state.householdId === null ? null : creditStanding(state.householdId, state.records, policy, now),
    records: state.records,
    history: state.evaluations,
  };
}
