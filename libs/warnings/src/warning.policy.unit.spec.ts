import type { Actor } from '@app/ledger/envelope';
import { createWarningPolicy, DEFAULT_WARNING_POLICY, levelsOf, nextLevel } from './warning.policy';

const jurisdiction = { township: '330602001', county: '330602' };

describe('the warning policy', () => {
  it('has defaults: township for low and medium, county for high, discipline for critical', () => {
    expect(DEFAULT_WARNING_POLICY).toEqual({
      routing: { low: 'township', medium: 'township', high: 'county', critical: 'discipline' },
      acknowledgeWorkingDays: { township: 2, county: 2 },
      closeWorkingDays: { low: 20, medium: 15, high: 10, critical: 5 },
    });
    expect(Object.isFrozen(DEFAULT_WARNING_POLICY.routing)).toBe(true);
  });

  it('takes overrides', () => {
    const policy = createWarningPolicy({ routing: { low: 'county', medium: 'county' }, closeWorkingDays: { low: 30 } });
    expect(policy.routing).toEqual({ low: 'county', medium: 'county', high: 'county', critical: 'discipline' });
    expect(policy.closeWorkingDays.low).toBe(30);
  });

  it.each([
    [{ routing: { grave: 'county' } }, /unknown severity grave/],
    [{ routing: { low: 'province' } }, /routing.low must be one of/],
    [{ routing: { critical: 'township' } }, /routing.critical \(township\) is below routing.high/],
    [{ acknowledgeWorkingDays: { discipline: 3 } }, /top level does not escalate/],
    [{ acknowledgeWorkingDays: { township: 0 } }, /from 1 to 120/],
    [{ closeWorkingDays: { high: 2.5 } }, /whole number/],
    [{ routing: [] }, /routing must be an object/],
  ])('refuses %j', (overrides, message) => {
    expect(() => createWarningPolicy(overrides as never)).toThrow(message);
  });
});

describe('who acts at which level', () => {
  const actor = (role: string, unit: string): Actor => ({ id: 'x', role, unit });

  it.each([
    ['township-approver', '330602001', ['township']],
    ['supervisor', '330602001', ['township']],
    ['supervisor', '330602', ['county']],
    ['county-reviewer', '3306', ['county']],
    ['discipline-inspector', '330602', ['discipline']],
    ['township-approver', '330602002', []],
    ['county-reviewer', '330603', []],
    ['auditor', '330602', []],
    ['admin', '330602', []],
  ])('%s of %s: %j', (role, unit, levels) => {
    expect(levelsOf(actor(role, unit), jurisdiction)).toEqual(levels);
  });

  it('escalates township → county → discipline → nowhere', () => {
    expect([nextLevel('township'), nextLevel('county'), nextLevel('discipline')]).toEqual(['county', 'discipline', undefined]);
  });
});
