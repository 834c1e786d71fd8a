import type { Role } from '@app/platform/roles';
import type { OfficialsEvent, Relation } from './officials.events';

export interface DeclaredRelative {
  readonly idNumber: string;
  readonly name: string;
  readonly relation: Relation;
  readonly status: 'declared' | 'withdrawn';
}

export interface OfficialRecord {
  readonly officialId: string;
  readonly roles: readonly Role[];
  readonly unit: string;
  readonly name: string;
  /** Every declaration in the order made, withdrawn ones included. */
  readonly relatives: readonly DeclaredRelative[];
}

export type OfficialState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'active'; readonly official: OfficialRecord }
  | { readonly status: 'deactivated'; readonly official: OfficialRecord; readonly reason: string };

export function initialOfficialState(): OfficialState {
  return { status: 'unregistered' };
}

export function evolveOfficial(state: OfficialState, event: OfficialsEvent): OfficialState {
  switch (event.type) {
    case 'OfficialRegistered': {
      const { officialId, roles, unit, personal } = event.data;
      return { status: 'active', official: { officialId, roles, unit, name: personal.name, relatives: [] } };
    }
    case 'NearRelativeDeclared': {
      if (state.status === 'unregistered') return state;
      const { personal, relation } = event.data;
      const relative: DeclaredRelative = { ...personal, relation, status: 'declared' };
      return { ...state, official: { ...state.official, relatives: [...state.official.relatives, relative] } };
    }
    case 'NearRelativeWithdrawn': {
      if (state.status === 'unregistered') return state;
      const relatives = state.official.relatives.map((r): DeclaredRelative =>
        r.idNumber === event.data.personal.idNumber && r.status === 'declared' ? { ...r, status: 'withdrawn' } : r,
      );
      return { ...state, official: { ...state.official, relatives } };
    }
    case 'OfficialDeactivated':
      if (state.status === 'unregistered') return state;
      return { status: 'deactivated', official: state.official, reason: event.data.reason };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
