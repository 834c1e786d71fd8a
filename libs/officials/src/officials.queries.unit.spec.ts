import {
  deactivated,
  FATHER_ID,
  given,
  registered,
  SPOUSE_ID,
  spouseDeclared,
  spouseWithdrawn,
} from '../test/officials.fixtures';
import type { OfficialsEvent } from './officials.events';
import { declaredRelativeIds, hasRole, isActive, officialStreamId } from './officials.queries';

const fatherDeclared: OfficialsEvent = {
  type: 'NearRelativeDeclared',
  data: { officialId: 'o-42', personal: { idNumber: FATHER_ID, name: '王建国' }, relation: 'parent' },
};

describe('an active official', () => {
  const state = given(registered, spouseDeclared, fatherDeclared);

  it('is active and holds the registered roles only', () => {
    expect(isActive(state)).toBe(true);
    expect(hasRole(state, 'township-approver')).toBe(true);
    expect(hasRole(state, 'admin')).toBe(false);
  });

  it('lists the declared relatives’ ID numbers', () => {
    expect(declaredRelativeIds(state)).toEqual([SPOUSE_ID, FATHER_ID]);
  });

  it('no longer lists a withdrawn relative', () => {
    expect(declaredRelativeIds(given(registered, spouseDeclared, fatherDeclared, spouseWithdrawn))).toEqual([FATHER_ID]);
  });
});

describe('a deactivated official', () => {
  const state = given(registered, spouseDeclared, deactivated);

  it('is not active and holds no role', () => {
    expect(isActive(state)).toBe(false);
    expect(hasRole(state, 'township-approver')).toBe(false);
  });

  it('keeps the declarations on record', () => {
    expect(declaredRelativeIds(state)).toEqual([SPOUSE_ID]);
  });
});

describe('an unregistered official', () => {
  it('is not active, holds no role and has no relatives', () => {
    const state = given();
    expect([isActive(state), hasRole(state, 'admin'), declaredRelativeIds(state)]).toEqual([false, false, []]);
    expect(officialStreamId('o-42')).toBe('official-o-42');
  });
});
