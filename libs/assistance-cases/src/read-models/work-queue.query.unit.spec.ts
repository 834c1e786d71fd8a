import { createWorkingCalendar } from '@app/calendar';
import { workingDaysLeft } from './work-queue.query';

const calendar = createWorkingCalendar();

describe("a queue row's working days left, counted at query time", () => {
  it('counts the working days up to the due date, and 0 on the last day', () => {
    // Monday 1 March 2021 to Friday 12 March: 9 working days to go.
    expect(workingDaysLeft(calendar, '2021-03-01', '2021-03-12')).toBe(9);
    expect(workingDaysLeft(calendar, '2021-03-12', '2021-03-12')).toBe(0);
  });

  it('skips public holidays and counts an adjusted Saturday (调休)', () => {
    // 30 Sep 2021 to 12 Oct: the National Day week is off, Saturday 9 Oct is worked.
    expect(workingDaysLeft(calendar, '2021-09-30', '2021-10-12')).toBe(4);
  });

  it('is negative by the working days passed once overdue, and 0 over the weekend right after the deadline', () => {
    expect(workingDaysLeft(calendar, '2021-03-15', '2021-03-12')).toBe(-1);
    expect(workingDaysLeft(calendar, '2021-03-19', '2021-03-12')).toBe(-5);
    expect(Object.is(workingDaysLeft(calendar, '2021-03-13', '2021-03-12'), 0)).toBe(true);
  });

  it('is null for a step with no deadline', () => {
    expect(workingDaysLeft(calendar, '2021-03-01', null)).toBeNull();
  });
});
