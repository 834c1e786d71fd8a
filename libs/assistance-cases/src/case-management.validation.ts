import { isYearMonth, lastDayOf } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { MemberRecord, PaymentRecord } from './case-management.state';
import type { CpiFigures, PriceSubsidyInput } from './case-management.values';
import { monthlyAwardOf } from './case.entitlement';
import { requireStatus } from './case.guards';
import type { CaseState, CaseStatus } from './case.state';
import { requireId, requireObject, requireStandard } from './case.validation';

/** Checks of the commands after approval; each names the offending field. */

export function requireMonth(value: unknown, field: string): string {
  if (!isYearMonth(value)) throw DomainError.invalid(field, `${field} must be a month YYYY-MM`);
  return value;
}

/**
 * The case pays monthly (低保 or 特困, approved) and is in one of the statuses; returns the award.
 * A 临时救助 case is paid once and has nothing to manage.
 */
export function requireManaged(state: CaseState, allowed: readonly CaseStatus[], step: string) {
  requireStatus(state, allowed, step);
  const award = monthlyAwardOf(state);
  if (award === null) {
    throw DomainError.conflict('not-monthly', `a case without a monthly award has nothing to ${step}`, {
      programme: state.programme,
    });
  }
  return award;
}

/** A member of the household, present (neither left nor dead). */
export function requirePresentMember(state: CaseState, value: unknown, field: string): MemberRecord {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= state.members.length) {
    const last = state.members.length - 1;
    throw DomainError.invalid(field, `${field} must be the index of a member of the household (0–${last})`);
  }
  const member = state.members[value];
  if (member.diedOn !== null || member.leftOn !== null) {
    throw DomainError.conflict(
      'member-not-present',
      `member ${value} ${member.diedOn !== null ? `died on ${member.diedOn}` : `left on ${member.leftOn}`}`,
      { memberIndex: value },
    );
  }
  return member;
}

export function requireCpi(value: unknown, field: string): CpiFigures {
  const cpi = requireObject(value, field);
  const rate = (key: 'cpiYoY' | 'foodCpiYoY'): number => {
    const v = cpi[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= -1 || v >= 1) {
      throw DomainError.invalid(
        `${field}.${key}`,
        `${field}.${key} must be a year-on-year rise as a fraction (0.035 is 3.5 %)`,
      );
    }
    return v;
  };
  return { month: requireMonth(cpi.month, `${field}.month`), cpiYoY: rate('cpiYoY'), foodCpiYoY: rate('foodCpiYoY') };
}

export function requirePayment(state: CaseState, value: unknown): PaymentRecord {
  const paymentId = requireId(value, 'paymentId');
  const payment = state.payments.find((p) => p.paymentId === paymentId);
  if (payment === undefined) {
    throw DomainError.notFound('payment-not-found', `case ${state.caseId} has no payment ${paymentId}`);
  }
  return payment;
}

export function requirePriceSubsidyInput(value: unknown, month: string): PriceSubsidyInput {
  if (value === undefined) {
    throw DomainError.invalid('priceSubsidy', 'priceSubsidy (CPI figures and the 低保 standard) is required');
  }
  const input = requireObject(value, 'priceSubsidy');
  const cpi = requireCpi(input.cpi, 'priceSubsidy.cpi');
  if (cpi.month > month) {
    throw DomainError.invalid(
      'priceSubsidy.cpi.month',
      `the CPI of ${cpi.month} is later than the month paid (${month})`,
    );
  }
  // The subsidy is computed on the 低保 standard for every programme it covers.
  const standard = requireStandard(input.standard, 'priceSubsidy.standard', 'dibao', lastDayOf(month));
  return { cpi, standard };
}
