import {
  addMonths,
  dateInChina,
  firstDayOf,
  isFirstOfMonth,
  isInstant,
  isIsoDate,
  isYearMonth,
  lastDayOf,
  monthOf,
  nextMonth,
  previousMonth,
} from './dates';

describe('months in China time', () => {
  it('puts an instant of 17:00Z on 31 Dec 2020 into January 2021 in Shaoxing', () => {
    expect(monthOf('2020-12-31T17:00:00Z')).toBe('2021-01');
    expect(dateInChina('2020-12-31T17:00:00.000Z')).toBe('2021-01-01');
  });

  it('keeps an instant of 15:59Z on 31 Dec 2020 in December', () => {
    expect(monthOf('2020-12-31T15:59:59Z')).toBe('2020-12');
  });

  it('reads an instant with its own offset', () => {
    expect(monthOf('2021-01-01T00:30:00+08:00')).toBe('2021-01');
    expect(dateInChina('2021-03-01T07:00:00-05:00')).toBe('2021-03-01');
  });

  it('takes the month of a plain date as it is', () => {
    expect(monthOf('2020-12-31')).toBe('2020-12');
  });

  it('refuses an instant without an offset and anything malformed', () => {
    expect(() => monthOf('2020-12-31T17:00:00')).toThrow(RangeError);
    expect(() => monthOf('31/12/2020')).toThrow(RangeError);
    expect(isInstant('2020-02-30T00:00:00Z')).toBe(false);
  });
});

describe('month arithmetic', () => {
  it('rolls over the year', () => {
    expect(nextMonth('2020-12')).toBe('2021-01');
    expect(previousMonth('2021-01')).toBe('2020-12');
    expect(addMonths('2020-11', 14)).toBe('2022-01');
  });

  it('knows the first and last day of a month, leap years included', () => {
    expect(firstDayOf('2021-01')).toBe('2021-01-01');
    expect(lastDayOf('2020-02')).toBe('2020-02-29');
    expect(lastDayOf('2021-02')).toBe('2021-02-28');
  });

  it('refuses a malformed month', () => {
    expect(() => nextMonth('2020-13')).toThrow(RangeError);
    expect(() => firstDayOf('2020-1')).toThrow(RangeError);
  });
});

describe('date and month shapes', () => {
  it('accepts real calendar dates only', () => {
    expect(['2020-02-29', '2021-02-29', '2021-04-31', '2021-4-01', '0021-01-01'].map(isIsoDate)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(['2021-01', '2021-00', '2021-1'].map(isYearMonth)).toEqual([true, false, false]);
  });

  it('tells the first of a month', () => {
    expect(isFirstOfMonth('2021-01-01')).toBe(true);
    expect(isFirstOfMonth('2021-01-02')).toBe(false);
    expect(isFirstOfMonth('2021-02-31')).toBe(false);
  });
});
