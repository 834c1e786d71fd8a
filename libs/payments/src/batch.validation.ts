import { DomainError } from '@app/ledger/domain';
import type { CasePaymentReading } from './batch.commands';
import {
  type CasePayment,
  type CaseRefusal,
  isPaymentKind,
  isSettlementOutcome,
  CASE_PAYMENT_OUTCOMES,
  type CasePaymentOutcome,
  type SettlementResult,
} from './batch.events';

const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 500;

/** A non-empty string of bounded length; returns it trimmed. */
export function requireText(value: unknown, field: string, maxLength = MAX_TEXT_LENGTH): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw DomainError.invalid(field, `${field} is required`);
  if (text.length > maxLength) throw DomainError.invalid(field, `${field} is longer than ${maxLength} characters`);
  return text;
}

/** Ids are compared as given, so surrounding blanks would make two ids of one. */
export function requireId(value: unknown, field: string): string {
  const id = requireText(value, field, MAX_ID_LENGTH);
  if (id !== value) throw DomainError.invalid(field, `${field} must not have surrounding blanks`);
  return id;
}

/** A whole number (分, or a count), at least `min`. */
export function requireWhole(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw DomainError.invalid(field, `${field} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

export function requireArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw DomainError.invalid(field, `${field} must be a list`);
  return value;
}

function entries(value: unknown, field: string): { at: string; entry: Record<string, unknown> }[] {
  return requireArray(value, field).map((item, index) => ({
    at: `${field}[${index}]`,
    entry: (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>,
  }));
}

export function validatePayments(value: unknown): CasePayment[] {
  return entries(value, 'payments').map(({ at, entry }) => {
    const kind = entry.kind;
    if (!isPaymentKind(kind)) throw DomainError.invalid(`${at}.kind`, `${at}.kind must be assistance or price-subsidy`);
    return {
      caseId: requireId(entry.caseId, `${at}.caseId`),
      paymentId: requireId(entry.paymentId, `${at}.paymentId`),
      kind,
      amountFen: requireWhole(entry.amountFen, `${at}.amountFen`, 1),
    };
  });
}

export function validateRefusals(value: unknown): CaseRefusal[] {
  return entries(value, 'refusals').map(({ at, entry }) => {
    const kind = entry.kind;
    if (!isPaymentKind(kind)) throw DomainError.invalid(`${at}.kind`, `${at}.kind must be assistance or price-subsidy`);
    return { caseId: requireId(entry.caseId, `${at}.caseId`), kind, reason: requireText(entry.reason, `${at}.reason`) };
  });
}

/** `known` tells whether a paymentId belongs to the batch; a result for any other is refused. */
export function validateResults(value: unknown, known: (paymentId: string) => boolean): SettlementResult[] {
  const results = entries(value, 'results');
  if (results.length === 0) throw DomainError.invalid('results', 'a settlement needs at least one result');
  return results.map(({ at, entry }) => {
    const paymentId = requireId(entry.paymentId, `${at}.paymentId`);
    if (!known(paymentId)) {
      throw DomainError.invalid(`${at}.paymentId`, `payment ${paymentId} is not in this batch`, { paymentId });
    }
    const outcome = entry.outcome;
    if (!isSettlementOutcome(outcome)) {
      throw DomainError.invalid(`${at}.outcome`, `${at}.outcome must be paid, failed or returned`);
    }
    const bankReference = requireId(entry.bankReference, `${at}.bankReference`);
    if (outcome === 'paid') {
      if (entry.reason !== undefined) throw DomainError.invalid(`${at}.reason`, 'a paid payment has no failure reason');
      return { paymentId, outcome, bankReference };
    }
    // The case context decides on a reissue from this reason; a bare "failed" helps nobody.
    return { paymentId, outcome, bankReference, reason: requireText(entry.reason, `${at}.reason`) };
  });
}

export function validateReadings(value: unknown): CasePaymentReading[] {
  return entries(value, 'perCase').map(({ at, entry }) => {
    const outcome = entry.outcome;
    if (typeof outcome !== 'string' || !(CASE_PAYMENT_OUTCOMES as readonly string[]).includes(outcome)) {
      const message = `${at}.outcome must be one of ${CASE_PAYMENT_OUTCOMES.join(', ')}`;
      throw DomainError.invalid(`${at}.outcome`, message);
    }
    return {
      paymentId: requireId(entry.paymentId, `${at}.paymentId`),
      amountFen: requireWhole(entry.amountFen, `${at}.amountFen`, 0),
      outcome: outcome as CasePaymentOutcome,
    };
  });
}

/**
 * Keeps the first of items sharing a key. Identical repeats are dropped; a repeat that differs
 * is refused, naming its position in the request.
 */
export function dedupeWithin<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  same: (a: T, b: T) => boolean,
  field: (index: number) => string,
): T[] {
  const seen = new Map<string, T>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, item);
    else if (!same(first, item)) {
      throw DomainError.invalid(field(index), `${key} is listed twice in this request, differently`);
    }
  });
  return [...seen.values()];
}
