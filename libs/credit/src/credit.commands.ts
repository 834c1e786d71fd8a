import type { Command } from '@app/ledger/domain';
import type { Behaviour, Evidence, Severity } from './credit.events';

/** Every command names its household: the stream is `household-<householdId>`. */
interface ForHousehold {
  readonly householdId: string;
}

export type EnterCreditRecord = Command<
  'EnterCreditRecord',
  ForHousehold & {
    /** Minted by the API. */
    readonly recordId: string;
    readonly townshipCode: string;
    readonly behaviour: Behaviour;
    /** Negative only; the behaviour's default severity when absent. */
    readonly severity?: Severity;
    readonly occurredOn: string;
    readonly summary: string;
    /** Provisions cited beyond the policy's own for the behaviour. */
    readonly legalBasis?: readonly string[];
    readonly evidence: readonly Evidence[];
    /** The ID number the household id was derived from, checked by the API. */
    readonly personal: { readonly idNumber: string };
  }
>;

export type LodgeCreditAppeal = Command<
  'LodgeCreditAppeal',
  ForHousehold & { readonly recordId: string; readonly appealId: string; readonly grounds: string }
>;

export type DecideCreditAppeal = Command<
  'DecideCreditAppeal',
  ForHousehold & {
    readonly recordId: string;
    readonly outcome: 'upheld' | 'rejected';
    readonly reasons: string;
    /** Upheld only: keep the record at this (lower) severity instead of annulling it. */
    readonly correctedSeverity?: Severity;
  }
>;

export type RepairCreditRecord = Command<
  'RepairCreditRecord',
  ForHousehold & { readonly recordId: string; readonly basis: 'period-elapsed' | 'conditions-met' }
>;

export type CreditCommand = EnterCreditRecord | LodgeCreditAppeal | DecideCreditAppeal | RepairCreditRecord;
