import { addDays, type IsoDate } from './dates';

export interface WorkingCalendarConfig {
  /** Days off by the State Council's holiday notice (放假), weekdays or not. */
  readonly holidays: readonly IsoDate[];
  /** Weekend days that are working days by the same notice (调休上班). */
  readonly adjustedWorkdays: readonly IsoDate[];
}

function span(first: IsoDate, last: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * 2020 by 国办发明电〔2019〕16号, with the Spring Festival extended to 2 February by
 * 国办发明电〔2020〕1号 (which also cancelled the working Saturday of 1 February).
 */
const HOLIDAYS_2020: WorkingCalendarConfig = {
  holidays: [
    '2020-01-01',
    ...span('2020-01-24', '2020-02-02'),
    ...span('2020-04-04', '2020-04-06'),
    ...span('2020-05-01', '2020-05-05'),
    ...span('2020-06-25', '2020-06-27'),
    ...span('2020-10-01', '2020-10-08'),
  ],
  adjustedWorkdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
};

/** 2021 by 国办发明电〔2020〕27号. */
const HOLIDAYS_2021: WorkingCalendarConfig = {
  holidays: [
    ...span('2021-01-01', '2021-01-03'),
    ...span('2021-02-11', '2021-02-17'),
    ...span('2021-04-03', '2021-04-05'),
    ...span('2021-05-01', '2021-05-05'),
    ...span('2021-06-12', '2021-06-14'),
    ...span('2021-09-19', '2021-09-21'),
    ...span('2021-10-01', '2021-10-07'),
  ],
  adjustedWorkdays: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
};

/**
 * The years the State Council notices above settle. Every later year is published each November;
 * operators extend the calendar by configuration (the same two lists), never by changing code.
 */
export const CHINA_2020_2021: WorkingCalendarConfig = Object.freeze({
  holidays: Object.freeze([...HOLIDAYS_2020.holidays, ...HOLIDAYS_2021.holidays]),
  adjustedWorkdays: Object.freeze([...HOLIDAYS_2020.adjustedWorkdays, ...HOLIDAYS_2021.adjustedWorkdays]),
});
