import type { DelegationRecord, DelegationState } from '../delegation.decider';
import { type DelegationStatus, delegationStatusAt } from '../delegation.queries';

export interface DelegationRegisterView {
  readonly townshipCode: string | null;
  /** The instant each status is judged at. */
  readonly at: string;
  readonly delegations: readonly (DelegationRecord & { readonly status: DelegationStatus })[];
}

/** A township's register: every grant with its whole history and its status at `at`. */
export function toRegisterView(state: DelegationState, at: string): DelegationRegisterView {
  return {
    townshipCode: state.townshipCode ?? null,
    at,
    delegations: state.delegations.map((record) => ({ ...record, status: delegationStatusAt(record, at) })),
  };
}
