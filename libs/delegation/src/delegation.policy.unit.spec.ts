import { createDelegationPolicy, DEFAULT_DELEGATION_POLICY } from './delegation.policy';

describe('the delegation policy by default', () => {
  it('re-checks 30% of 特困 and 低保 confirmations and none of 临时救助', () => {
    expect(DEFAULT_DELEGATION_POLICY.countySpotCheckRatio).toEqual({ tekun: 0.3, dibao: 0.3, temporary: 0 });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_DELEGATION_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_DELEGATION_POLICY.countySpotCheckRatio)).toBe(true);
  });
});

describe('a city overriding the delegation policy', () => {
  it('may raise a ratio or set a local one', () => {
    const policy = createDelegationPolicy({ countySpotCheckRatio: { tekun: 0.5, dibao: 0.2, temporary: 0.1 } });
    expect(policy.countySpotCheckRatio).toEqual({ tekun: 0.5, dibao: 0.2, temporary: 0.1 });
  });

  it('may not go below the national 30% for 特困, above 1, or name an unknown programme', () => {
    expect(() => createDelegationPolicy({ countySpotCheckRatio: { tekun: 0.29 } })).toThrow(/national minimum/);
    expect(() => createDelegationPolicy({ countySpotCheckRatio: { dibao: 1.1 } })).toThrow(RangeError);
    expect(() => createDelegationPolicy({ countySpotCheckRatio: { dibao: Number.NaN } })).toThrow(RangeError);
    const unknown = { countySpotCheckRatio: { wubao: 0.3 } } as never;
    expect(() => createDelegationPolicy(unknown)).toThrow(/unknown programme/);
  });
});
