import { createCasePolicy, DEFAULT_CASE_POLICY } from '../src';

describe('the policy after approval', () => {
  it('has the national and common local numbers by default, frozen', () => {
    expect(DEFAULT_CASE_POLICY).toMatchObject({
      reviewIntervalMonths: { stable: 12, 'irregular-income': 6, 'working-capable': 6, tekun: 12, unclassified: 6 },
      gradualExitMonths: 6,
      maxRefusedJobOffers: 3,
      terminationObjectionWorkingDays: 15,
      fraudFineMultiple: { min: 1, max: 3 },
      priceSubsidy: { cpiTrigger: 0.035, foodCpiTrigger: 0.06, rateOf: 'cpi', programmes: ['dibao', 'tekun'] },
    });
    expect(Object.isFrozen(DEFAULT_CASE_POLICY.priceSubsidy)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CASE_POLICY.reviewIntervalMonths)).toBe(true);
  });

  it('takes overrides and refuses values outside the law or unknown names', () => {
    expect(createCasePolicy({ gradualExitMonths: 3, fraudFineMultiple: { max: 2 } })).toMatchObject({
      gradualExitMonths: 3,
      fraudFineMultiple: { min: 1, max: 2 },
      maxRefusedJobOffers: 3,
    });
    expect(() => createCasePolicy({ fraudFineMultiple: { max: 5 } })).toThrow(RangeError);
    expect(() => createCasePolicy({ fraudFineMultiple: { min: 0.5 } })).toThrow(RangeError);
    expect(() => createCasePolicy({ gradualExitMonths: 0 })).toThrow(RangeError);
    expect(() => createCasePolicy({ reviewIntervalMonths: { quarterly: 3 } as never })).toThrow(RangeError);
    expect(() => createCasePolicy({ priceSubsidy: { cpiTrigger: 3.5 } })).toThrow(RangeError);
    expect(() => createCasePolicy({ priceSubsidy: { programmes: ['temporary' as never] } })).toThrow(RangeError);
    expect(() =>
      createCasePolicy({ priceSubsidy: { temporaryTriggers: [{ from: '2023-03', until: '2022-09' }] } }),
    ).toThrow(RangeError);
  });
});
