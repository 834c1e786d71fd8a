import { createCasePolicy, createCaseDecider, DEFAULT_CASE_POLICY, entitlementFor, priceSubsidyFor } from '../src';
import { calendar, given, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, decide, priceSubsidy, schedule, then } from './case-management.fixtures';

const policy = DEFAULT_CASE_POLICY.priceSubsidy;
const cpi = (month: string, cpiYoY: number, foodCpiYoY: number) => ({ month, cpiYoY, foodCpiYoY });

describe('the price subsidy per person (低保标准 × CPI涨幅)', () => {
  it('is triggered by a CPI rise of 3.5 % or more', () => {
    expect(priceSubsidyFor(cpi('2021-06', 0.036, 0.02), 89_000, policy)).toBe(3_204);
    expect(priceSubsidyFor(cpi('2021-06', 0.035, 0.02), 89_000, policy)).toBe(3_115);
  });

  it('is not triggered below both triggers', () => {
    expect(priceSubsidyFor(cpi('2021-06', 0.034, 0.059), 89_000, policy)).toBeUndefined();
    expect(priceSubsidyFor(cpi('2021-06', -0.01, -0.02), 89_000, policy)).toBeUndefined();
  });

  it('is triggered by a food CPI rise of 6 %, computed on the CPI unless the policy says the triggering index', () => {
    expect(priceSubsidyFor(cpi('2021-06', 0.02, 0.065), 89_000, policy)).toBe(1_780);
    const byFood = createCasePolicy({ priceSubsidy: { rateOf: 'triggering-index' } }).priceSubsidy;
    expect(priceSubsidyFor(cpi('2021-06', 0.02, 0.065), 89_000, byFood)).toBe(5_785);
  });

  it('uses the temporary 3 % trigger of September 2022 to March 2023', () => {
    expect(priceSubsidyFor(cpi('2022-10', 0.031, 0.02), 89_000, policy)).toBe(2_759);
    expect(priceSubsidyFor(cpi('2023-04', 0.031, 0.02), 89_000, policy)).toBeUndefined();
  });

  it('is never below the policy’s minimum once triggered', () => {
    const floor = createCasePolicy({ priceSubsidy: { minimumFen: 3_000 } }).priceSubsidy;
    expect(priceSubsidyFor(cpi('2021-06', 0.02, 0.065), 89_000, floor)).toBe(3_000);
    expect(priceSubsidyFor(cpi('2021-06', 0.02, 0.02), 89_000, floor)).toBeUndefined();
  });
});

describe('a price-subsidy payment', () => {
  const dibao = approvedDibao();
  const subsidy = (cpiYoY: number, foodCpiYoY: number, date = '2021-06-20') =>
    schedule('ps-2021-06', '2021-06', date, { kind: 'price-subsidy', priceSubsidy: priceSubsidy(cpiYoY, foodCpiYoY) });

  it('pays each person of an approved household, beside the month’s assistance', () => {
    const withAssistance = then(dibao, schedule('p-2021-06', '2021-06', '2021-06-01'));
    expect(when(withAssistance, subsidy(0.036, 0.02))).toEqual([
      {
        type: 'PaymentScheduled',
        data: expect.objectContaining({
          paymentId: 'ps-2021-06',
          kind: 'price-subsidy',
          amountFen: 3 * 3_204,
          basis: expect.objectContaining({
            kind: 'price-subsidy',
            persons: 3,
            perPersonFen: 3_204,
            rate: { index: 'cpi', yoy: 0.036 },
          }),
        }),
      },
    ]);
  });

  it('is refused visibly when the CPI triggers nothing', () => {
    expect(when(dibao, subsidy(0.02, 0.03))).toEqual([
      expect.objectContaining({
        type: 'PaymentRefused',
        data: expect.objectContaining({ kind: 'price-subsidy', reason: 'not-triggered' }),
      }),
    ]);
  });

  it('is not paid to a suspended case', () => {
    const suspended = then(dibao, decide('SuspendCase', { reasons: ['核查'] }, '2021-06-10'));
    expect(when(suspended, subsidy(0.036, 0.02))[0].data).toMatchObject({ reason: 'suspended' });
  });

  it('covers 特困 per person, and only the programmes of the policy', () => {
    const tekun = given(approvedTekun());
    expect(entitlementFor(tekun, '2021-06', priceSubsidy(0.036, 0.02))).toMatchObject({ due: true, amountFen: 3_204 });
    const dibaoOnly = createCasePolicy({ priceSubsidy: { programmes: ['dibao'] } });
    expect(entitlementFor(tekun, '2021-06', priceSubsidy(0.036, 0.02), dibaoOnly)).toMatchObject({
      due: false,
      reason: 'programme-not-covered',
    });
    const strict = createCaseDecider({ calendar, policy: dibaoOnly });
    expect(strict.decide(subsidy(0.036, 0.02), tekun)[0].data).toMatchObject({ reason: 'programme-not-covered' });
  });

  it('needs the CPI figures and the 低保 standard', () => {
    expect(refusal(dibao, schedule('ps', '2021-06', '2021-06-20', { kind: 'price-subsidy' })).details).toMatchObject({
      field: 'priceSubsidy',
    });
    const bad = { ...priceSubsidy(0.036, 0.02), cpi: { month: '2021-06', cpiYoY: 3.6, foodCpiYoY: 0.02 } };
    const withBad = schedule('ps', '2021-06', '2021-06-20', { kind: 'price-subsidy', priceSubsidy: bad });
    expect(refusal(dibao, withBad).details).toMatchObject({
      field: 'priceSubsidy.cpi.cpiYoY',
    });
  });
});
