import type { DomainEvent } from '@app/ledger/envelope';
import type { Role } from '@app/platform/roles';

/** 近亲属 as declared by an official (单独登记备案 of 低保 Art. 11 rests on these). */
export const RELATIONS = [
  'spouse',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'grandchild',
  'in-law',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

export function isRelation(value: unknown): value is Relation {
  return typeof value === 'string' && (RELATIONS as readonly string[]).includes(value);
}

export type OfficialRegistered = DomainEvent<
  'OfficialRegistered',
  {
    readonly officialId: string;
    readonly roles: readonly Role[];
    /** Division code of the official's unit: 4-digit city, 6-digit county, 9-digit township. */
    readonly unit: string;
    readonly personal: { readonly name: string };
  }
>;

export type NearRelativeDeclared = DomainEvent<
  'NearRelativeDeclared',
  {
    readonly officialId: string;
    /** idNumber is stored normalised (upper-case X). */
    readonly personal: { readonly idNumber: string; readonly name: string };
    readonly relation: Relation;
  }
>;

/** A declaration taken back (e.g. declared in error, marriage dissolved); it stays in the history. */
export type NearRelativeWithdrawn = DomainEvent<
  'NearRelativeWithdrawn',
  {
    readonly officialId: string;
    readonly personal: { readonly idNumber: string };
    readonly reason: string;
  }
>;

export type OfficialDeactivated = DomainEvent<
  'OfficialDeactivated',
  { readonly officialId: string; readonly reason: string }
>;

export type OfficialsEvent = OfficialRegistered | NearRelativeDeclared | NearRelativeWithdrawn | OfficialDeactivated;
