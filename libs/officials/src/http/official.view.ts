import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { Principal } from '@app/platform/auth/principal';
import type { Role } from '@app/platform/roles';
import type { Relation } from '../officials.events';
import type { OfficialRecord, OfficialState } from '../officials.state';

/**
 * Who reads declared relatives' ID numbers and names in the clear: the official themself, and an
 * admin, discipline inspector or auditor whose unit covers the official's. Everyone else (a
 * township approver checking a colleague, a county reviewer of another county) gets them masked:
 * the relation and whether the declaration stands, but not whom it names.
 */
export const RELATIVES_READER_ROLES: readonly Role[] = Object.freeze(['admin', 'discipline-inspector', 'auditor']);

export interface RelativeView {
  readonly idNumber: string;
  readonly name: string;
  readonly relation: Relation;
  readonly status: 'declared' | 'withdrawn';
}

export type OfficialView =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'active' | 'deactivated';
      readonly officialId: string;
      readonly roles: readonly Role[];
      readonly unit: string;
      readonly name: string;
      readonly deactivationReason?: string;
      /** True when the relatives' ID numbers and names below are masked for this reader. */
      readonly relativesMasked: boolean;
      readonly relatives: readonly RelativeView[];
    };

export function maySeeRelatives(principal: Principal, official: OfficialRecord): boolean {
  if (principal.sub === official.officialId) return true;
  return (
    principal.roles.some((role) => RELATIVES_READER_ROLES.includes(role)) &&
    withinJurisdiction(principal.unit, official.unit)
  );
}

/** All but the last four characters hidden: enough to tell two declarations apart, not to find a person. */
export function maskIdNumber(idNumber: string): string {
  return '*'.repeat(Math.max(0, idNumber.length - 4)) + idNumber.slice(-4);
}

/** The surname's first character kept, the rest hidden. */
export function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? '*' : characters[0] + '*'.repeat(characters.length - 1);
}

export function toOfficialView(state: OfficialState, reader: Principal): OfficialView {
  if (state.status === 'unregistered') return { status: 'unregistered' };
  const { official } = state;
  const clear = maySeeRelatives(reader, official);
  return {
    status: state.status,
    officialId: official.officialId,
    roles: official.roles,
    unit: official.unit,
    name: official.name,
    ...(state.status === 'deactivated' ? { deactivationReason: state.reason } : {}),
    relativesMasked: !clear,
    relatives: official.relatives.map((r) => ({
      idNumber: clear ? r.idNumber : maskIdNumber(r.idNumber),
      name: clear ? r.name : maskName(r.name),
      relation: r.relation,
      status: r.status,
    })),
  };
}
