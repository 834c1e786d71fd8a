import { CHINA_2020_2021, type WorkingCalendarConfig } from './china-holidays';
import { addDays, fromDayNumber, type IsoDate, isIsoDate, isWeekend, toDayNumber } from './dates';

/**
 * Working days (工作日) for statutory deadlines. Periods follow the civil-law rule that the day a
 * period starts from is not counted (民法典 Art. 201): a 3-working-day deadline from a Monday
 * acceptance falls on the Thursday.
 */
export interface WorkingCalendar {
  /** Years the configuration lists holidays for; outside them only weekends are days off. */
  readonly coveredYears: readonly number[];
  covers(date: IsoDate): boolean;
  isWorkingDay(date: IsoDate): boolean;
  /** The date on which n working days after `date` have passed (n = 0: the date itself). */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /**
   * Working days in (a, b]: how many have passed on b since a. Negative when b is before a, so
   * workingDaysBetween(a, addWorkingDays(a, n)) === n.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
}

/** Builds a calendar from configuration, refusing dates that are malformed or contradictory. */
export function createWorkingCalendar(config: WorkingCalendarConfig = CHINA_2020_2021): WorkingCalendar {
  const holidays = checkedSet('holidays', config.holidays);
  const adjusted = checkedSet('adjustedWorkdays', config.adjustedWorkdays);
  for (const day of adjusted) {
    if (holidays.has(day)) throw new RangeError(`adjustedWorkdays: ${day} is also listed as a holiday`);
    if (!isWeekend(day)) throw new RangeError(`adjustedWorkdays: ${day} is not a Saturday or Sunday`);
  }
  const coveredYears = Object.freeze(
    [...new Set([...holidays, ...adjusted].map((day) => Number(day.slice(0, 4))))].sort((x, y) => x - y),
  );

  const isWorkingDay = (date: IsoDate): boolean => {
    assertDate(date);
    if (holidays.has(date)) return false;
    return adjusted.has(date) || !isWeekend(date);
  };

  const addWorkingDays = (date: IsoDate, n: number): IsoDate => {
    assertDate(date);
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a number of working days: ${n}`);
    let day = date;
    for (let passed = 0; passed < n; ) {
      day = addDays(day, 1);
      if (isWorkingDay(day)) passed++;
    }
    return day;
  };

  const workingDaysBetween = (a: IsoDate, b: IsoDate): number => {
    const [from, to] = [toDayNumber(a), toDayNumber(b)];
    const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day++) if (isWorkingDay(fromDayNumber(day))) count++;
    return sign * count;
  };

  return Object.freeze({
    coveredYears,
    covers: (date: IsoDate) => coveredYears.includes(Number(date.slice(0, 4))),
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
  });
}

function checkedSet(field: string, days: readonly IsoDate[]): ReadonlySet<IsoDate> {
  for (const day of days) {
    if (!isIsoDate(day)) throw new RangeError(`${field}: not a calendar date (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  return new Set(days);
}

function assertDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}
