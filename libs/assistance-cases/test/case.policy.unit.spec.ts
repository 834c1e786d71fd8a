import { createCasePolicy, DEFAULT_CASE_POLICY } from '../src';

describe('the case policy', () => {
  it('has the national numbers by default and is frozen', () => {
    expect(DEFAULT_CASE_POLICY).toMatchObject({
      investigationStartWorkingDays: 3,
      minInvestigators: 2,
      publicityDays: 7,
      rejectionNoticeWorkingDays: 3,
      nearPovertyMultiplier: 1.5,
      deadlines: {
        dibao: { totalWorkingDays: 30, extendedTotalWorkingDays: 45, countyConfirmationWorkingDays: 10 },
        tekun: { townshipOpinionWorkingDays: 15, countyConfirmationWorkingDays: 15 },
      },
    });
    expect(Object.isFrozen(DEFAULT_CASE_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CASE_POLICY.deadlines.dibao)).toBe(true);
  });

  it('takes overrides and refuses values below national floors or unknown names', () => {
    expect(createCasePolicy({ minInvestigators: 3, deadlines: { dibao: { totalWorkingDays: 25 } } })).toMatchObject({
      minInvestigators: 3,
      deadlines: { dibao: { totalWorkingDays: 25, extendedTotalWorkingDays: 45 } },
    });
    expect(() => createCasePolicy({ minInvestigators: 1 })).toThrow(RangeError);
    expect(() => createCasePolicy({ publicityDays: 0 })).toThrow(RangeError);
    expect(() => createCasePolicy({ deadlines: { dibao: { extendedTotalWorkingDays: 20 } } })).toThrow(RangeError);
    expect(() => createCasePolicy({ excludedIncomeCategories: ['lottery' as never] })).toThrow(RangeError);
  });
});
