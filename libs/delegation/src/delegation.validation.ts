import { DomainError } from '@app/ledger/domain';
import type { GrantDelegation } from './delegation.commands';
import { type DelegatedProgramme, isProgramme } from './delegation.events';
import type { DelegationPolicy } from './delegation.policy';
import { isCalendarDate, localDateOfMillis } from './delegation.time';

const MAX_ID_LENGTH = 100;
const MAX_DOCUMENT_LENGTH = 100;
const MAX_REASON_LENGTH = 500;

/** A non-empty string with no surrounding blanks, of bounded length; returns it trimmed. */
export function requireText(value: unknown, field: string, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw DomainError.invalid(field, `${field} is required`);
  if (text.length > maxLength) throw DomainError.invalid(field, `${field} is longer than ${maxLength} characters`);
  return text;
}

export function requireDelegationId(value: unknown): string {
  const id = requireText(value, 'delegationId', MAX_ID_LENGTH);
  if (id !== value) throw DomainError.invalid('delegationId', 'delegationId must not have surrounding blanks');
  return id;
}

export function requireReason(value: unknown): string {
  return requireText(value, 'reason', MAX_REASON_LENGTH);
}

export interface ValidGrant {
  readonly programmes: readonly DelegatedProgramme[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly document: string;
}

/** The grant's own content, checked field by field; `nowMillis` is the instant it is recorded. */
export function validateGrant(data: GrantDelegation['data'], policy: DelegationPolicy, nowMillis: number): ValidGrant {
  const programmes = validateProgrammes(data.programmes, policy);
  if (!isCalendarDate(data.validFrom)) throw DomainError.invalid('validFrom', 'validFrom must be a date YYYY-MM-DD');
  if (!isCalendarDate(data.validTo)) throw DomainError.invalid('validTo', 'validTo must be a date YYYY-MM-DD');
  const today = localDateOfMillis(nowMillis);
  // A grant recorded today cannot make a decision taken yesterday look authorised.
  if (data.validFrom < today) {
    const message = `validFrom ${data.validFrom} is before the day the grant is recorded (${today})`;
    throw DomainError.invalid('validFrom', message);
  }
  if (data.validTo <= data.validFrom) {
    const message = `validTo ${data.validTo} must be after validFrom ${data.validFrom} (it is exclusive)`;
    throw DomainError.invalid('validTo', message);
  }
  const document = requireText(data.document, 'document', MAX_DOCUMENT_LENGTH);
  return { programmes, validFrom: data.validFrom, validTo: data.validTo, document };
}

function validateProgrammes(value: unknown, policy: DelegationPolicy): DelegatedProgramme[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw DomainError.invalid('programmes', 'a delegation needs at least one programme');
  }
  const seen = new Set<string>();
  return value.map((terms: unknown, index): DelegatedProgramme => {
    const at = `programmes[${index}]`;
    const entry = (typeof terms === 'object' && terms !== null ? terms : {}) as Record<string, unknown>;
    const programme = entry.programme;
    if (!isProgramme(programme)) {
      throw DomainError.invalid(`${at}.programme`, `${at}.programme must be one of dibao, tekun, temporary`);
    }
    if (seen.has(programme)) throw DomainError.invalid(`${at}.programme`, `${programme} is listed twice`);
    seen.add(programme);

    const cap = entry.maxAmountFen;
    if (programme === 'temporary') {
      if (typeof cap !== 'number' || !Number.isSafeInteger(cap) || cap <= 0) {
        throw DomainError.invalid(`${at}.maxAmountFen`, '临时救助 needs a cap per case: a positive whole number of 分');
      }
    } else if (cap !== undefined) {
      throw DomainError.invalid(`${at}.maxAmountFen`, `only temporary assistance has a cap per case, not ${programme}`);
    }

    const floor = policy.countySpotCheckRatio[programme];
    const ratio = entry.spotCheckRatio ?? floor;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < floor || ratio > 1) {
      const message = `the spot-check ratio for ${programme} must be from ${floor} to 1`;
      throw DomainError.invalid(`${at}.spotCheckRatio`, message);
    }
    return programme === 'temporary'
      ? { programme, maxAmountFen: cap as number, spotCheckRatio: ratio }
      : { programme, spotCheckRatio: ratio };
  });
}
