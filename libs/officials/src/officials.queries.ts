import type { Role } from '@app/platform/roles';
import type { DeclaredRelative, OfficialState } from './officials.state';

export function officialStreamId(officialId: string): string {
  return `official-${officialId}`;
}

export function isActive(state: OfficialState): boolean {
  return state.status === 'active';
}

/** Whether the official may act in a role now: a deactivated official holds none. */
export function hasRole(state: OfficialState, role: Role): boolean {
  return state.status === 'active' && state.official.roles.includes(role);
}

/** Relatives whose declaration stands (withdrawn ones excluded), deactivated officials included. */
export function declaredRelatives(state: OfficialState): readonly DeclaredRelative[] {
  return state.status === 'unregistered' ? [] : state.official.relatives.filter((r) => r.status === 'declared');
}

/** Resident ID numbers of the declared relatives, normalised (upper-case X). */
export function declaredRelativeIds(state: OfficialState): readonly string[] {
  return declaredRelatives(state).map((r) => r.idNumber);
}
