import {
  assessIncome,
  createCasePolicy,
  DEFAULT_CASE_POLICY,
  dibaoMonthlyAmountFen,
  incomeBand,
  monthlyAward,
} from '../src';

describe('the 低保 amount (补差) with income sources that are not counted', () => {
  it('counts 900 元 wages and leaves out 300 元 优待抚恤金: (890 − 300) × 3 = 1770 元', () => {
    const assessment = assessIncome({ wages: 90_000, 'preferential-pension': 30_000 }, 3, DEFAULT_CASE_POLICY);

    expect(assessment).toMatchObject({
      countedIncomeFen: 90_000,
      excludedIncomeFen: 30_000,
      excludedCategories: ['preferential-pension'],
    });
    expect(dibaoMonthlyAmountFen(89_000, assessment)).toBe(177_000);
  });

  it('leaves out every source the national rules exclude, and counts pensions and maintenance', () => {
    const assessment = assessIncome(
      {
        'pension-basic': 20_000,
        'family-planning-reward': 5_000,
        scholarship: 10_000,
        'good-samaritan-reward': 50_000,
        'social-assistance': 30_000,
        pension: 40_000,
        transfer: 10_000,
      },
      2,
      DEFAULT_CASE_POLICY,
    );
    expect(assessment.countedIncomeFen).toBe(50_000);
    expect(assessment.excludedIncomeFen).toBe(115_000);
    expect(dibaoMonthlyAmountFen(89_000, assessment)).toBe(128_000);
  });

  it('follows a city that also excludes another source', () => {
    const policy = createCasePolicy({
      excludedIncomeCategories: [...DEFAULT_CASE_POLICY.excludedIncomeCategories, 'property'],
    });
    expect(assessIncome({ wages: 10_000, property: 20_000 }, 1, policy).countedIncomeFen).toBe(10_000);
  });

  it('is exact whatever the per-capita income: 1000 元 over 3 people at 890 元 is 1670 元', () => {
    // 1000/3 = 333.33… 元 per person; (890 − 333.33…) × 3 = 1670 exactly.
    expect(dibaoMonthlyAmountFen(89_000, assessIncome({ wages: 100_000 }, 3, DEFAULT_CASE_POLICY))).toBe(167_000);
  });

  it('deducts allowed rigid expenditure, and is 0 once income reaches the standard', () => {
    const withIllness = assessIncome({ wages: 200_000 }, 2, DEFAULT_CASE_POLICY, 50_000);
    expect(dibaoMonthlyAmountFen(89_000, withIllness)).toBe(28_000);
    expect(dibaoMonthlyAmountFen(89_000, assessIncome({ wages: 178_000 }, 2, DEFAULT_CASE_POLICY))).toBe(0);
  });

  it('pays 特困 the basic living standard per supported person', () => {
    const award = monthlyAward('tekun', 160_200, assessIncome({ pension: 30_000 }, 1, DEFAULT_CASE_POLICY));
    expect(award).toEqual({
      monthlyAmountFen: 160_200,
      calculation: { method: 'tekun-basic-standard', standardFen: 160_200, persons: 1 },
    });
  });

  it('places a household below the standard, in the 低边 band under 1.5×, or above it', () => {
    const band = (wages: number) =>
      incomeBand(assessIncome({ wages }, 2, DEFAULT_CASE_POLICY), 89_000, DEFAULT_CASE_POLICY);
    expect(band(177_999)).toBe('below-standard');
    expect(band(178_000)).toBe('near-poverty');
    expect(band(266_999)).toBe('near-poverty');
    expect(band(267_000)).toBe('above-near-poverty');
  });
});
