import type { Command } from '@app/ledger/domain';
import type { Programme } from './delegation.events';

/**
 * Every command names its township: the stream is `delegation-<townshipCode>`, so the API finds
 * it from the command alone, and the decider refuses a command sent to another township's stream.
 */
interface ForTownship {
  readonly townshipCode: string;
}

export interface ProgrammeTerms {
  readonly programme: Programme;
  /** Required, positive, for 'temporary'; refused for the others. */
  readonly maxAmountFen?: number;
  /** Defaults to the policy's ratio for the programme; may be higher, never lower. */
  readonly spotCheckRatio?: number;
}

export type GrantDelegation = Command<
  'GrantDelegation',
  ForTownship & {
    /** Minted by the API. */
    readonly delegationId: string;
    readonly programmes: readonly ProgrammeTerms[];
    /** First local date it applies, inclusive; not before the day the grant is recorded. */
    readonly validFrom: string;
    /** First local date it no longer applies, exclusive; after validFrom. */
    readonly validTo: string;
    readonly document: string;
  }
>;

export type SuspendDelegation = Command<
  'SuspendDelegation',
  ForTownship & { readonly delegationId: string; readonly reason: string }
>;

export type ResumeDelegation = Command<'ResumeDelegation', ForTownship & { readonly delegationId: string }>;

export type RevokeDelegation = Command<
  'RevokeDelegation',
  ForTownship & { readonly delegationId: string; readonly reason: string }
>;

export type DelegationCommand = GrantDelegation | SuspendDelegation | ResumeDelegation | RevokeDelegation;
