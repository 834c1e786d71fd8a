import type { Command } from '@app/ledger/domain';
import type { Relation } from './officials.events';

export type RegisterOfficial = Command<
  'RegisterOfficial',
  {
    readonly officialId: string;
    readonly roles: readonly string[];
    readonly unit: string;
    readonly personal: { readonly name: string };
  }
>;

export type DeclareNearRelative = Command<
  'DeclareNearRelative',
  {
    readonly officialId: string;
    readonly personal: { readonly idNumber: string; readonly name: string };
    readonly relation: Relation;
  }
>;

export type WithdrawNearRelative = Command<
  'WithdrawNearRelative',
  { readonly officialId: string; readonly personal: { readonly idNumber: string }; readonly reason: string }
>;

export type DeactivateOfficial = Command<'DeactivateOfficial', { readonly officialId: string; readonly reason: string }>;

export type OfficialsCommand = RegisterOfficial | DeclareNearRelative | WithdrawNearRelative | DeactivateOfficial;
