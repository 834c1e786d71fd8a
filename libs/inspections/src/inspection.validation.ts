import { DomainError } from '@app/ledger/domain';

/** Content checks the deciders share; each refusal names the field (400). */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dateField(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw DomainError.invalid(field, `${field} must be a date YYYY-MM-DD`);
  }
  const parsed = new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10);
  if (parsed !== value) throw DomainError.invalid(field, `${field} ${value} is not a calendar date`);
  return value;
}

export function idField(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100) {
    throw DomainError.invalid(field, `${field} must be a string of 1 to 100 characters`);
  }
  return value;
}

export function textField(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw DomainError.invalid(field, `${field} must be a non-empty text of at most ${max} characters`);
  }
  return value.trim();
}

/** A list of short strings (ids, codes, references), at least `min` of them. */
export function requireIdList(value: unknown, field: string, min: number): string[] {
  if (!Array.isArray(value) || value.length < min) {
    throw DomainError.invalid(field, `${field} must be a list of at least ${min}`);
  }
  return value.map((item, i) => idField(item, `${field}[${i}]`));
}
