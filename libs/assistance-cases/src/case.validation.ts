import { isIsoDate, isYearMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { INCOME_CATEGORIES, isIncomeCategory, type Programme } from './case.policy';
import type { DelegationExplanation, DelegationRefusal, IncomeByCategory, StandardSnapshot } from './case.values';

/** Field checks that name the offending field; each returns the value it accepted. */

const MAX_ID = 100;
const MAX_TEXT = 2000;
const REFUSALS: readonly DelegationRefusal[] = [
  'none',
  'expired',
  'not-yet-valid',
  'suspended',
  'revoked',
  'programme-not-delegated',
  'over-cap',
];

export function requireText(value: unknown, field: string, maxLength = MAX_TEXT): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw DomainError.invalid(field, `${field} is required`);
  if (text.length > maxLength) throw DomainError.invalid(field, `${field} is longer than ${maxLength} characters`);
  return text;
}

/** An id minted by the API or another context: no blanks, bounded. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(value) || value.length > MAX_ID) {
    throw DomainError.invalid(
      field,
      `${field} must be an id of letters, digits, '.', '_', ':' or '-' (at most ${MAX_ID})`,
    );
  }
  return value;
}

export function requireFen(value: unknown, field: string, { positive = false } = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (positive ? 1 : 0)) {
    throw DomainError.invalid(field, `${field} must be a whole number of 分${positive ? ' above 0' : ', 0 or more'}`);
  }
  return value;
}

export function requireCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw DomainError.invalid(field, `${field} must be a whole number, 0 or more`);
  }
  return value;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw DomainError.invalid(field, `${field} must be true or false`);
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw DomainError.invalid(field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A real date, not after today (facts are recorded after they happen). */
export function requirePastDate(value: unknown, field: string, today: string): string {
  if (!isIsoDate(value)) throw DomainError.invalid(field, `${field} must be a date YYYY-MM-DD`);
  if (value > today) throw DomainError.invalid(field, `${field} ${value} is after today (${today})`);
  return value;
}

export function requireArray(value: unknown, field: string, { nonEmpty = false } = {}): readonly unknown[] {
  if (!Array.isArray(value)) throw DomainError.invalid(field, `${field} must be a list`);
  if (nonEmpty && value.length === 0) throw DomainError.invalid(field, `${field} must not be empty`);
  return value;
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw DomainError.invalid(field, `${field} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** A non-empty list of reasons, each a non-empty text. */
export function requireReasons(value: unknown, field: string): readonly string[] {
  return requireArray(value, field, { nonEmpty: true }).map((r, i) => requireText(r, `${field}[${i}]`));
}

export function requireIncome(value: unknown, field: string): IncomeByCategory {
  const income = requireObject(value, field);
  const checked: Partial<Record<(typeof INCOME_CATEGORIES)[number], number>> = {};
  for (const [category, fen] of Object.entries(income)) {
    if (!isIncomeCategory(category)) {
      throw DomainError.invalid(
        `${field}.${category}`,
        `${category} is not an income category (${INCOME_CATEGORIES.join(', ')})`,
      );
    }
    checked[category] = requireFen(fen, `${field}.${category}`);
  }
  return checked;
}

/** The standards context names 特困's basic living standard 'tekun-basic'. */
const STANDARD_PROGRAMME: Readonly<Record<Programme, string | undefined>> = {
  dibao: 'dibao',
  tekun: 'tekun-basic',
  temporary: undefined,
};

/** A standard snapshot for this programme, already in force on the decision date. */
export function requireStandard(
  value: unknown,
  field: string,
  programme: Programme,
  decidedOn: string,
): StandardSnapshot {
  const s = requireObject(value, field);
  const monthlyFen = requireFen(s.monthlyFen, `${field}.monthlyFen`, { positive: true });
  const effectiveFrom = s.effectiveFrom;
  if (!isIsoDate(effectiveFrom) && !isYearMonth(effectiveFrom)) {
    throw DomainError.invalid(
      `${field}.effectiveFrom`,
      `${field}.effectiveFrom must be a date YYYY-MM-DD or a month YYYY-MM`,
    );
  }
  const effectiveOn = isYearMonth(effectiveFrom) ? `${effectiveFrom}-01` : effectiveFrom;
  if (effectiveOn > decidedOn) {
    throw DomainError.invalid(
      `${field}.effectiveFrom`,
      `the standard takes effect on ${effectiveFrom}, after the decision date ${decidedOn}`,
    );
  }
  const ref = requireObject(s.standardRef, `${field}.standardRef`);
  const standardRef = {
    streamId: requireText(ref.streamId, `${field}.standardRef.streamId`, MAX_ID),
    id: requireText(ref.id, `${field}.standardRef.id`, MAX_ID),
  };
  const expected = STANDARD_PROGRAMME[programme];
  if (s.programme !== undefined && expected !== undefined && s.programme !== expected) {
    throw DomainError.invalid(
      `${field}.programme`,
      `a ${programme} case is decided at the ${expected} standard, not ${String(s.programme)}`,
    );
  }
  return {
    monthlyFen,
    effectiveFrom,
    standardRef,
    ...(typeof s.programme === 'string' ? { programme: s.programme } : {}),
  };
}

/** The delegation explanation as the API passed it, checked for shape and for this case. */
export function requireDelegation(
  value: unknown,
  field: string,
  townshipCode: string,
  programme: Programme,
): DelegationExplanation {
  const d = requireObject(value, field);
  if (d.inForce === true) {
    const inner = requireObject(d.delegation, `${field}.delegation`);
    const delegationId = requireId(inner.delegationId, `${field}.delegation.delegationId`);
    if (inner.townshipCode !== undefined && inner.townshipCode !== townshipCode) {
      throw DomainError.invalid(
        `${field}.delegation.townshipCode`,
        `the delegation is of township ${String(inner.townshipCode)}, not ${townshipCode}`,
      );
    }
    if (inner.programme !== undefined && inner.programme !== programme) {
      throw DomainError.invalid(
        `${field}.delegation.programme`,
        `the delegation explained is for ${String(inner.programme)}, not ${programme}`,
      );
    }
    const maxAmountFen =
      inner.maxAmountFen === undefined ? undefined : requireFen(inner.maxAmountFen, `${field}.delegation.maxAmountFen`);
    return {
      inForce: true,
      delegation: {
        delegationId,
        ...(typeof inner.townshipCode === 'string' ? { townshipCode: inner.townshipCode } : {}),
        ...(typeof inner.programme === 'string' ? { programme: inner.programme } : {}),
        ...(maxAmountFen === undefined ? {} : { maxAmountFen }),
      },
    };
  }
  if (d.inForce === false) {
    const reason = requireOneOf(d.reason, REFUSALS, `${field}.reason`);
    const delegationId = d.delegationId === undefined ? undefined : requireId(d.delegationId, `${field}.delegationId`);
    const maxAmountFen = d.maxAmountFen === undefined ? undefined : requireFen(d.maxAmountFen, `${field}.maxAmountFen`);
    return {
      inForce: false,
      reason,
      ...(delegationId === undefined ? {} : { delegationId }),
      ...(maxAmountFen === undefined ? {} : { maxAmountFen }),
    };
  }
  throw DomainError.invalid(`${field}.inForce`, `${field}.inForce must be true or false`);
}
