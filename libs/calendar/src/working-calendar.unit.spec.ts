import { CHINA_2020_2021 } from './china-holidays';
import { dayOfWeek } from './dates';
import { createWorkingCalendar } from './working-calendar';

const calendar = createWorkingCalendar();

describe('a working calendar with the 2020 and 2021 State Council notices', () => {
  it('counts a plain weekday as working and a plain weekend as not', () => {
    expect(calendar.isWorkingDay('2021-03-03')).toBe(true);
    expect(calendar.isWorkingDay('2021-03-06')).toBe(false);
    expect(calendar.isWorkingDay('2021-03-07')).toBe(false);
  });

  it('takes holidays off even on weekdays, and works the adjusted weekend days', () => {
    expect(calendar.isWorkingDay('2021-10-04')).toBe(false);
    expect(calendar.isWorkingDay('2020-01-01')).toBe(false);
    expect(dayOfWeek('2021-02-20')).toBe(6);
    expect(calendar.isWorkingDay('2021-02-20')).toBe(true);
    expect(calendar.isWorkingDay('2021-09-26')).toBe(true);
  });

  it('follows the 2020 Spring Festival extension: 31 Jan to 2 Feb off, Saturday 1 Feb no longer worked', () => {
    expect(['2020-01-31', '2020-02-01', '2020-02-02'].map(calendar.isWorkingDay)).toEqual([false, false, false]);
    expect(calendar.isWorkingDay('2020-02-03')).toBe(true);
    expect(calendar.isWorkingDay('2020-01-19')).toBe(true);
  });

  it('lists only weekend days as adjusted working days', () => {
    expect(CHINA_2020_2021.adjustedWorkdays.map(dayOfWeek).every((d) => d === 0 || d === 6)).toBe(true);
    expect(calendar.coveredYears).toEqual([2020, 2021]);
    expect(calendar.covers('2021-12-31')).toBe(true);
    expect(calendar.covers('2022-01-04')).toBe(false);
  });
});

describe('adding working days', () => {
  it('does not count the starting day: 3 working days from a Monday end on the Thursday', () => {
    expect(calendar.addWorkingDays('2021-03-01', 3)).toBe('2021-03-04');
  });

  it('skips a weekend: 3 working days from a Thursday end on the Tuesday', () => {
    expect(calendar.addWorkingDays('2021-03-04', 3)).toBe('2021-03-09');
  });

  it('skips a holiday: 3 working days from 30 Sep 2021 end on 11 Oct, after the National Day week', () => {
    // 1–7 Oct off; 8 Oct (Friday) and 9 Oct (adjusted Saturday) are worked, 10 Oct is not.
    expect(calendar.addWorkingDays('2021-09-30', 3)).toBe('2021-10-11');
  });

  it('counts an adjusted working Saturday: 1 working day from Friday 19 Feb 2021 is Saturday 20 Feb', () => {
    expect(calendar.addWorkingDays('2021-02-19', 1)).toBe('2021-02-20');
  });

  it('crosses the 2020 Spring Festival: 1 working day from 23 Jan 2020 is 3 Feb', () => {
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('starting on a day off, counts from the next working day', () => {
    expect(calendar.addWorkingDays('2021-03-06', 1)).toBe('2021-03-08');
    expect(calendar.addWorkingDays('2021-03-06', 0)).toBe('2021-03-06');
  });

  it('handles the 30 and 45 working-day limits of 低保 review', () => {
    expect(calendar.addWorkingDays('2021-03-01', 30)).toBe('2021-04-13');
    expect(calendar.workingDaysBetween('2021-03-01', calendar.addWorkingDays('2021-03-01', 45))).toBe(45);
  });

  it('refuses a negative or fractional count and a malformed date', () => {
    expect(() => calendar.addWorkingDays('2021-03-01', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2021-03-01', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2021-02-30', 1)).toThrow(/not a calendar date/);
  });
});

describe('working days between two dates', () => {
  it('counts the days in (a, b]', () => {
    expect(calendar.workingDaysBetween('2021-03-01', '2021-03-01')).toBe(0);
    expect(calendar.workingDaysBetween('2021-03-01', '2021-03-08')).toBe(5);
  });

  it('across a holiday and an adjusted Saturday', () => {
    // 30 Sep → 12 Oct 2021: 8 Oct, 9 Oct (adjusted Saturday), 11 and 12 Oct.
    expect(calendar.workingDaysBetween('2021-09-30', '2021-10-12')).toBe(4);
  });

  it('is negative when the second date is earlier', () => {
    expect(calendar.workingDaysBetween('2021-03-08', '2021-03-01')).toBe(-5);
  });
});

describe('a calendar built from operator configuration', () => {
  it('uses the configured days instead of the defaults', () => {
    const custom = createWorkingCalendar({ holidays: ['2022-01-03'], adjustedWorkdays: ['2022-01-29'] });
    expect(custom.isWorkingDay('2022-01-03')).toBe(false);
    expect(custom.isWorkingDay('2022-01-29')).toBe(true);
    expect(custom.isWorkingDay('2021-10-04')).toBe(true);
  });

  it('refuses a malformed date, a weekday listed as adjusted, and a day listed as both', () => {
    expect(() => createWorkingCalendar({ holidays: ['2022-13-01'], adjustedWorkdays: [] })).toThrow(/holidays/);
    expect(() => createWorkingCalendar({ holidays: [], adjustedWorkdays: ['2022-01-04'] })).toThrow(/not a Saturday/);
    expect(() => createWorkingCalendar({ holidays: ['2022-01-29'], adjustedWorkdays: ['2022-01-29'] })).toThrow(
      /also listed as a holiday/,
    );
  });
});
