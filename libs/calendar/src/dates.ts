/**
 * Calendar dates ('YYYY-MM-DD'), months ('YYYY-MM') and instants (ISO 8601) as plain strings.
 * Date arithmetic runs on day numbers since 1970-01-01 in UTC, so no host time zone leaks in.
 */
export type IsoDate = string;
export type YearMonth = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** An instant must say its offset: a local time without one is ambiguous. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
/** Date.UTC reads years 0–99 as 1900–1999; no date this system handles is that old. */
const MIN_YEAR = 1000;

/** Shaoxing (all of China) keeps UTC+8 the whole year, without daylight saving. */
export const CHINA_UTC_OFFSET_MINUTES = 8 * 60;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isYearMonth(value: unknown): value is YearMonth {
  if (typeof value !== 'string') return false;
  const match = MONTH.exec(value);
  return match !== null && Number(match[1]) >= MIN_YEAR && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value)) &&
    isIsoDate(value.slice(0, 10));
}

export function isFirstOfMonth(date: IsoDate): boolean {
  return isIsoDate(date) && date.endsWith('-01');
}

/** Days since 1970-01-01 (negative before it). */
export function toDayNumber(date: IsoDate): number {
  assertDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/**
 * The calendar date in China of an instant; a plain date is returned as it is.
 * dateInChina('2020-12-31T17:00:00Z') === '2021-01-01'.
 */
export function dateInChina(instantOrDate: string): IsoDate {
  if (isIsoDate(instantOrDate)) return instantOrDate;
  if (!isInstant(instantOrDate)) {
    throw new RangeError(`not a date or an instant with an offset: ${JSON.stringify(instantOrDate)}`);
  }
  const shifted = Date.parse(instantOrDate) + CHINA_UTC_OFFSET_MINUTES * 60_000;
  return new Date(shifted).toISOString().slice(0, 10);
}

/** The month in China of an instant or a date: monthOf('2020-12-31T17:00:00Z') === '2021-01'. */
export function monthOf(instantOrDate: string): YearMonth {
  return dateInChina(instantOrDate).slice(0, 7);
}

export function firstDayOf(month: YearMonth): IsoDate {
  assertMonth(month);
  return `${month}-01`;
}

export function lastDayOf(month: YearMonth): IsoDate {
  assertMonth(month);
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}`;
}

export function addMonths(month: YearMonth, months: number): YearMonth {
  assertMonth(month);
  if (!Number.isInteger(months)) throw new RangeError(`not a whole number of months: ${months}`);
  const index = Number(month.slice(0, 4)) * 12 + (Number(month.slice(5, 7)) - 1) + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** nextMonth('2020-12') === '2021-01': where "from the month after the decision" starts. */
export function nextMonth(month: YearMonth): YearMonth {
  return addMonths(month, 1);
}

export function previousMonth(month: YearMonth): YearMonth {
  return addMonths(month, -1);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function assertMonth(month: YearMonth): void {
  if (!isYearMonth(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
}
