import type { Actor, DomainEvent } from '@app/ledger/envelope';

/** The assistance programmes whose 审核确认 power a county can delegate to a township. */
export const PROGRAMMES = ['dibao', 'tekun', 'temporary'] as const;

/** 'dibao' 低保, 'tekun' 特困人员救助供养, 'temporary' 临时救助. */
export type Programme = (typeof PROGRAMMES)[number];

export function isProgramme(value: unknown): value is Programme {
  return typeof value === 'string' && (PROGRAMMES as readonly string[]).includes(value);
}

/** One programme within a delegation, with the terms the county attached to it. */
export interface DelegatedProgramme {
  readonly programme: Programme;
  /** 临时救助 only: the largest amount per case, in 分, the township may confirm itself. */
  readonly maxAmountFen?: number;
  /**
   * Share (0..1) of the township's confirmations the county re-checks at random, fixed when the
   * power is granted so that an inspection later applies the terms the township was given.
   */
  readonly spotCheckRatio: number;
}

/** The stream holding every delegation a township ever received. */
export function delegationStreamId(townshipCode: string): string {
  return `delegation-${townshipCode}`;
}

export type DelegationGranted = DomainEvent<
  'DelegationGranted',
  {
    readonly delegationId: string;
    readonly countyCode: string;
    readonly townshipCode: string;
    readonly programmes: readonly DelegatedProgramme[];
    /** First local (UTC+8) date on which the power applies, inclusive ('YYYY-MM-DD'). */
    readonly validFrom: string;
    /** First local date on which it no longer applies, exclusive: 有效期至 2023-12-31 → '2024-01-01'. */
    readonly validTo: string;
    /** The county's decision document number, e.g. 越民〔2021〕12号. */
    readonly document: string;
    readonly grantedBy: Actor;
    /** When the grant was recorded; the power exists from this instant, never earlier. */
    readonly grantedAt: string;
  }
>;

export type DelegationSuspended = DomainEvent<
  'DelegationSuspended',
  { readonly delegationId: string; readonly reason: string; readonly suspendedAt: string }
>;

export type DelegationResumed = DomainEvent<
  'DelegationResumed',
  { readonly delegationId: string; readonly resumedAt: string }
>;

/** Final: a revoked delegation never applies again from revokedAt on; before it, it did. */
export type DelegationRevoked = DomainEvent<
  'DelegationRevoked',
  { readonly delegationId: string; readonly reason: string; readonly revokedAt: string }
>;

export type DelegationEvent = DelegationGranted | DelegationSuspended | DelegationResumed | DelegationRevoked;
