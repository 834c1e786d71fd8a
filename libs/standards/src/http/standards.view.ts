import { listStandards } from '../standards.queries';
import type { Programme } from '../standards.events';
import type { StandardEntry, StandardsState } from '../standards.state';

/** A region's standards as clients read them: one list, by programme, then by effective date. */
export interface StandardsView {
  readonly region: string | null;
  readonly entries: readonly StandardEntry[];
}

export function toStandardsView(state: StandardsState, programme?: Programme): StandardsView {
  return { region: state.region ?? null, entries: listStandards(state, programme) };
}
