import type { DelegationRecord, DelegationState } from './delegation.decider';
import { type DelegatedProgramme, isProgramme, type Programme } from './delegation.events';
import { localDateOfMillis, requireInstant } from './delegation.time';

/**
 * Every question here is asked AS OF an instant: a grant counts from the moment it was recorded,
 * a suspension only while it lasted, a revocation only from the moment it was recorded. A decision
 * taken before a later revocation was within the delegation, and stays so.
 */

/** The delegation a township decision at some instant was taken under, for one programme. */
export interface DelegationInForce {
  readonly delegationId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly programme: Programme;
  /** 临时救助: the largest amount per case the township may confirm. */
  readonly maxAmountFen?: number;
  /** Share of these confirmations the county must re-check at random. */
  readonly spotCheckRatio: number;
  /** Every programme of the grant, with its terms. */
  readonly programmes: readonly DelegatedProgramme[];
  /** Local dates: from inclusive, to exclusive. */
  readonly validFrom: string;
  readonly validTo: string;
  readonly document: string;
  readonly grantedAt: string;
}

export type NotInForceReason =
  | 'none'
  | 'expired'
  | 'not-yet-valid'
  | 'suspended'
  | 'revoked'
  | 'programme-not-delegated'
  | 'over-cap';

export type DelegationExplanation =
  | { readonly inForce: true; readonly delegation: DelegationInForce }
  | {
      readonly inForce: false;
      readonly reason: NotInForceReason;
      /** The grant the reason is about; absent for 'none' and for a programme never delegated. */
      readonly delegationId?: string;
      /** With 'over-cap': the cap the amount exceeds. */
      readonly maxAmountFen?: number;
    };

/** What a grant was at an instant; 'not-yet-granted' when it was recorded later. */
export type DelegationStatus = 'not-yet-granted' | 'not-yet-valid' | 'in-force' | 'suspended' | 'revoked' | 'expired';

/** The delegation in force at `at` for `programme` (and, for 临时救助, this amount), or undefined. */
export function delegationInForce(
  state: DelegationState,
  at: string,
  programme: Programme,
  amountFen?: number,
): DelegationInForce | undefined {
  const explanation = explainDelegation(state, at, programme, amountFen);
  return explanation.inForce ? explanation.delegation : undefined;
}

/**
 * Whether a township may confirm a case of `programme` at `at` under delegated power, and if not,
 * why. For 'temporary' the amount is required (use 0 to ask about the delegation alone). When
 * several grants are relevant, the reason speaks of the most relevant: a grant of the programme
 * whose validity covers the day; else the grant in force for other programmes; else the nearest
 * grant of the programme, upcoming before expired.
 */
export function explainDelegation(
  state: DelegationState,
  at: string,
  programme: Programme,
  amountFen?: number,
): DelegationExplanation {
  const t = requireInstant(at, 'at');
  checkQuestion(programme, amountFen);
  const day = localDateOfMillis(t);
  const known = state.delegations.filter((d) => millis(d.grantedAt) <= t);
  const revoked = (d: DelegationRecord) => d.revocation !== undefined && millis(d.revocation.revokedAt) <= t;
  const covers = (d: DelegationRecord) => d.validFrom <= day && day < d.validTo;
  const mine = known.filter((d) => termsOf(d, programme) !== undefined);
  const not = (reason: NotInForceReason, d?: DelegationRecord): DelegationExplanation =>
    d ? { inForce: false, reason, delegationId: d.delegationId } : { inForce: false, reason };

  const current = mine.find((d) => covers(d) && !revoked(d));
  if (current) {
    if (suspendedAt(current, t)) return not('suspended', current);
    const terms = termsOf(current, programme) as DelegatedProgramme;
    if (terms.maxAmountFen !== undefined && (amountFen as number) > terms.maxAmountFen) {
      const { delegationId } = current;
      return { inForce: false, reason: 'over-cap', delegationId, maxAmountFen: terms.maxAmountFen };
    }
    return { inForce: true, delegation: view(current, terms) };
  }
  const cut = last(mine.filter((d) => covers(d) && revoked(d)));
  if (cut) return not('revoked', cut);
  const otherProgrammes = known.find((d) => covers(d) && !revoked(d));
  if (otherProgrammes) return not('programme-not-delegated', otherProgrammes);
  const live = mine.filter((d) => !revoked(d));
  const upcoming = live.filter((d) => day < d.validFrom).sort((a, b) => compare(a.validFrom, b.validFrom))[0];
  if (upcoming) return not('not-yet-valid', upcoming);
  const expired = last(live.filter((d) => d.validTo <= day).sort((a, b) => compare(a.validTo, b.validTo)));
  if (expired) return not('expired', expired);
  const withdrawn = last(mine.filter(revoked));
  if (withdrawn) return not('revoked', withdrawn);
  return known.length > 0 ? not('programme-not-delegated') : not('none');
}

/** One grant's status at an instant, whatever the programme. */
export function delegationStatusAt(record: DelegationRecord, at: string): DelegationStatus {
  const t = requireInstant(at, 'at');
  const day = localDateOfMillis(t);
  if (t < millis(record.grantedAt)) return 'not-yet-granted';
  if (record.revocation && millis(record.revocation.revokedAt) <= t) return 'revoked';
  if (day < record.validFrom) return 'not-yet-valid';
  if (record.validTo <= day) return 'expired';
  return suspendedAt(record, t) ? 'suspended' : 'in-force';
}

export function findDelegation(state: DelegationState, delegationId: string): DelegationRecord | undefined {
  return state.delegations.find((d) => d.delegationId === delegationId);
}

function checkQuestion(programme: Programme, amountFen: number | undefined): void {
  if (!isProgramme(programme)) throw new RangeError(`not a programme: ${String(programme)}`);
  if (amountFen !== undefined && !(Number.isSafeInteger(amountFen) && amountFen >= 0)) {
    throw new RangeError(`amountFen must be a whole number of 分 ≥ 0, got ${amountFen}`);
  }
  if (programme === 'temporary' && amountFen === undefined) {
    throw new RangeError('temporary assistance is delegated up to a cap: ask with the amount (amountFen)');
  }
}

/** Whether a suspension covered instant t: it starts at suspendedAt and ends at resumedAt. */
function suspendedAt(record: DelegationRecord, t: number): boolean {
  return record.suspensions.some(
    (s) => millis(s.suspendedAt) <= t && (s.resumedAt === undefined || t < millis(s.resumedAt)),
  );
}

function termsOf(record: DelegationRecord, programme: Programme): DelegatedProgramme | undefined {
  return record.programmes.find((p) => p.programme === programme);
}

function view(record: DelegationRecord, terms: DelegatedProgramme): DelegationInForce {
  return {
    delegationId: record.delegationId,
    countyCode: record.countyCode,
    townshipCode: record.townshipCode,
    programme: terms.programme,
    ...(terms.maxAmountFen !== undefined ? { maxAmountFen: terms.maxAmountFen } : {}),
    spotCheckRatio: terms.spotCheckRatio,
    programmes: record.programmes,
    validFrom: record.validFrom,
    validTo: record.validTo,
    document: record.document,
    grantedAt: record.grantedAt,
  };
}

function millis(instant: string): number {
  return requireInstant(instant, 'recorded instant');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function last<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
