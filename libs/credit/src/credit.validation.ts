import { isIsoDate } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';

export function requireText(value: unknown, field: string, max = 2000): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw DomainError.invalid(field, `${field} must be text of 1 to ${max} characters`);
  }
  return value.trim();
}

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[\w:.-]{1,100}$/.test(value)) {
    throw DomainError.invalid(field, `${field} must be an id of 1 to 100 letters, digits, _ : . or -`);
  }
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw DomainError.invalid(field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A local date not after `today`. */
export function requirePastDate(value: unknown, field: string, today: string): string {
  if (!isIsoDate(value)) throw DomainError.invalid(field, `${field} must be a date YYYY-MM-DD`);
  if (value > today) throw DomainError.invalid(field, `${field} ${value} is after today ${today}`);
  return value;
}
