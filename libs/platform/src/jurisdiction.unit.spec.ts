import { countyOf, unitLevel, withinJurisdiction } from './jurisdiction';

describe('jurisdiction by division code', () => {
  it('covers a unit’s own code and every code below it', () => {
    expect(withinJurisdiction('330602001', '330602001')).toBe(true);
    expect(withinJurisdiction('330602', '330602001')).toBe(true);
    expect(withinJurisdiction('3306', '330683102')).toBe(true);
  });

  it('does not reach a sibling, a parent or a malformed code', () => {
    expect(withinJurisdiction('330602001', '330603001')).toBe(false);
    expect(withinJurisdiction('330602001', '330602')).toBe(false);
    expect(withinJurisdiction('330602', '330603001')).toBe(false);
    expect(withinJurisdiction('33060', '330602001')).toBe(false);
    expect(withinJurisdiction('330602', '33060200x')).toBe(false);
  });

  it('knows levels and the county of a township', () => {
    expect(['3306', '330602', '330602001', '33'].map(unitLevel)).toEqual(['city', 'county', 'township', undefined]);
    expect(countyOf('330683102')).toBe('330683');
    expect(countyOf('3306')).toBeUndefined();
  });
});
