import { SHAOXING_2020_STANDARDS } from './shaoxing-2020.seed';
import { standardsPolicy, tekunMinimumFen } from './standards.policy';
import { standardInForce, standardRegionsFor, tekunRatioViolations } from './standards.queries';
import type { StandardsState } from './standards.state';
import { decider, given, setStandard, standardSet } from '../test/standards.fixtures';

/** The seed applied through the decider, command by command. */
function seeded(): StandardsState {
  return SHAOXING_2020_STANDARDS.reduce(
    (state, data) => decider.decide(setStandard(data), state).reduce(decider.evolve, state),
    decider.initialState(),
  );
}

describe('the Shaoxing 2020 standards', () => {
  const state = seeded();

  it('a December 2020 month uses 850 and January 2021 uses 890', () => {
    expect(standardInForce(state, 'dibao', '2020-12')).toMatchObject({ monthlyFen: 85_000, effectiveFrom: '2020-01-01' });
    expect(standardInForce(state, 'dibao', '2021-01')).toMatchObject({ monthlyFen: 89_000, effectiveFrom: '2021-01-01' });
  });

  it('keeps 特困 1602 and the orphan standards in force in 2021', () => {
    expect(standardInForce(state, 'tekun-basic', '2021-06')?.monthlyFen).toBe(160_200);
    expect(standardInForce(state, 'orphan-institutional', '2021-06')?.monthlyFen).toBe(204_000);
    expect(standardInForce(state, 'orphan-dispersed', '2020-03')?.monthlyFen).toBe(163_500);
    expect(tekunRatioViolations(state, '2020-01-01')).toEqual([]);
  });

  it('refers to each standard by a revision-free id', () => {
    expect(standardInForce(state, 'dibao', '2021-03')?.standardRef).toEqual({
      streamId: 'standard-3306',
      id: '3306/dibao/2021-01-01',
    });
  });
});

describe('the standard in force for a month', () => {
  it('is none before the first effective date', () => {
    expect(standardInForce(given(standardSet('dibao', 85_000, '2020-01-01')), 'dibao', '2019-12')).toBeUndefined();
    expect(standardInForce(given(), 'dibao', '2020-06')).toBeUndefined();
  });

  it('is the latest set value after a correction, under the same reference', () => {
    const state = given(standardSet('dibao', 85_000, '2020-01-01'), standardSet('dibao', 86_000, '2020-01-01'));
    expect(standardInForce(state, 'dibao', '2020-01')).toMatchObject({
      monthlyFen: 86_000,
      standardRef: { id: '3306/dibao/2020-01-01' },
    });
  });

  it('uses the date order of effective dates, not the order they were set in', () => {
    const state = given(standardSet('dibao', 89_000, '2021-01-01'), standardSet('dibao', 85_000, '2020-01-01'));
    expect(standardInForce(state, 'dibao', '2020-12')?.monthlyFen).toBe(85_000);
    expect(standardInForce(state, 'dibao', '2021-02')?.monthlyFen).toBe(89_000);
  });

  it('refuses a malformed month', () => {
    expect(() => standardInForce(given(), 'dibao', '2020-12-01')).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('computes the 特困 minimum exactly, rounding up to the fen', () => {
    expect(tekunMinimumFen(85_000)).toBe(110_500);
    expect(tekunMinimumFen(89_000)).toBe(115_700);
    expect(tekunMinimumFen(88_601)).toBe(115_182);
    expect(tekunMinimumFen(85_000, standardsPolicy({ tekunMinRatioToDibao: 1.5 }))).toBe(127_500);
  });

  it('refuses a policy ratio below 1 or with too many decimals', () => {
    expect(() => standardsPolicy({ tekunMinRatioToDibao: 0.9 })).toThrow(RangeError);
    expect(() => standardsPolicy({ tekunMinRatioToDibao: 1.00001 })).toThrow(RangeError);
    expect(() => standardsPolicy({ setterRoles: ['mayor' as never] })).toThrow(RangeError);
  });

  it('lists the regions whose standards may apply to a unit, most specific first', () => {
    expect(standardRegionsFor('330681001')).toEqual(['330681', '3306']);
    expect(standardRegionsFor('3306')).toEqual(['3306']);
    expect(standardRegionsFor('33')).toEqual([]);
  });
});

