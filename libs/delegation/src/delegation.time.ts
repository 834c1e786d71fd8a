/**
 * Instants and calendar dates for delegations. A delegation's validity is written in calendar
 * dates, as in the county's decision document; decisions and suspensions happen at instants. The
 * date an instant falls on is the date in China Standard Time (UTC+8, no daylight saving since
 * 1991), because that is the day the township office and the document speak of.
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** China Standard Time, the only zone of the PRC's civil calendar. */
export const LOCAL_UTC_OFFSET_MINUTES = 8 * 60;

/** Milliseconds since the epoch of an ISO 8601 instant with an offset, or undefined if it is not one. */
export function instantMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
}

export function isInstant(value: unknown): value is string {
  return instantMillis(value) !== undefined;
}

/** A real 'YYYY-MM-DD' date (2021-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const millis = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 10) === value;
}

/** The local (UTC+8) calendar date of an instant given in milliseconds. */
export function localDateOfMillis(millis: number): string {
  return new Date(millis + LOCAL_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/**
 * Milliseconds of an instant that callers guarantee is valid (a query argument or a value
 * already checked by the decider); a malformed one is a programming error.
 */
export function requireInstant(value: string, name: string): number {
  const millis = instantMillis(value);
  if (millis === undefined) throw new RangeError(`${name} is not an ISO 8601 instant with an offset: ${value}`);
  return millis;
}
