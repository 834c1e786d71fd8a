import { DomainError } from '@app/ledger/domain';
import {
  CITY_ADMIN,
  command,
  deactivated,
  decider,
  FATHER_ID,
  given,
  registered,
  SELF,
  SPOUSE_ID,
  spouseDeclared,
  spouseWithdrawn,
  YUECHENG_ADMIN,
  ZHUJI_ADMIN,
} from '../test/officials.fixtures';
import { createOfficialsDecider } from './officials.decider';
import { officialsPolicy } from './officials.policy';

describe('registering an official', () => {
  it('by the county admin of the official’s township records the official', () => {
    expect(decider.decide(command('RegisterOfficial', {}, YUECHENG_ADMIN), given())).toEqual([registered]);
  });

  it('by a city admin is allowed anywhere in the city', () => {
    expect(decider.decide(command('RegisterOfficial', {}, CITY_ADMIN), given())).toEqual([registered]);
  });

  it('by an admin of another county is forbidden', () => {
    expect(() => decider.decide(command('RegisterOfficial', {}, ZHUJI_ADMIN), given())).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'outside-jurisdiction' }),
    );
  });

  it('by a role other than admin is forbidden', () => {
    const reviewer = { id: 'r-1', role: 'county-reviewer', unit: '330602' };
    expect(() => decider.decide(command('RegisterOfficial', {}, reviewer), given())).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'role-not-allowed' }),
    );
  });

  it('with unknown, repeated or no roles is refused, naming roles', () => {
    for (const roles of [['mayor'], ['auditor', 'auditor'], []]) {
      expect(() => decider.decide(command('RegisterOfficial', { roles }, CITY_ADMIN), given())).toThrow(
        expect.objectContaining({ details: { field: 'roles' } }),
      );
    }
  });

  it('with a malformed unit, id or a blank name is refused, naming the field', () => {
    const field = (data: object) => {
      try {
        decider.decide(command('RegisterOfficial', data, CITY_ADMIN), given());
      } catch (error) {
        return (error as DomainError).details.field;
      }
      return 'accepted';
    };
    expect(field({ unit: '33060' })).toBe('unit');
    expect(field({ officialId: 'o 42' })).toBe('officialId');
    expect(field({ personal: { name: '  ' } })).toBe('personal.name');
  });

  it('a second time is a conflict', () => {
    expect(() => decider.decide(command('RegisterOfficial', {}, CITY_ADMIN), given(registered))).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'official-already-registered' }),
    );
  });
});

describe('declaring a near relative', () => {
  it('by the official themself records it with the ID number under personal', () => {
    expect(decider.decide(command('DeclareNearRelative', {}, SELF), given(registered))).toEqual([spouseDeclared]);
  });

  it('by an admin covering the official’s unit is allowed, and a lower-case x is stored upper-case', () => {
    const data = { personal: { idNumber: FATHER_ID.toLowerCase(), name: '王建国' }, relation: 'parent' as const };
    expect(decider.decide(command('DeclareNearRelative', data, YUECHENG_ADMIN), given(registered))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ personal: { idNumber: FATHER_ID, name: '王建国' } }) }),
    ]);
  });

  it('by another official or an admin elsewhere is forbidden', () => {
    const colleague = { id: 'o-43', role: 'township-approver', unit: '330602001' };
    for (const actor of [colleague, ZHUJI_ADMIN]) {
      expect(() => decider.decide(command('DeclareNearRelative', {}, actor), given(registered))).toThrow(
        expect.objectContaining({ kind: 'forbidden', code: 'not-own-declaration' }),
      );
    }
  });

  it('with a wrong check digit is refused, naming personal.idNumber', () => {
    const wrong = `${SPOUSE_ID.slice(0, 17)}${SPOUSE_ID[17] === '1' ? '2' : '1'}`;
    const attempt = () =>
      decider.decide(command('DeclareNearRelative', { personal: { idNumber: wrong, name: '李强' } }, SELF), given(registered));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'personal.idNumber', reason: 'check-digit' } }),
    );
  });

  it('with an unknown relation or a blank name is refused', () => {
    expect(() =>
      decider.decide(command('DeclareNearRelative', { relation: 'friend' as never }, SELF), given(registered)),
    ).toThrow(expect.objectContaining({ details: { field: 'relation' } }));
    expect(() =>
      decider.decide(command('DeclareNearRelative', { personal: { idNumber: SPOUSE_ID, name: '' } }, SELF), given(registered)),
    ).toThrow(expect.objectContaining({ details: { field: 'personal.name' } }));
  });

  it('a second time for the same person is a conflict', () => {
    expect(() => decider.decide(command('DeclareNearRelative', {}, SELF), given(registered, spouseDeclared))).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'near-relative-already-declared' }),
    );
  });

  it('again after a withdrawal is allowed', () => {
    const state = given(registered, spouseDeclared, spouseWithdrawn);
    expect(decider.decide(command('DeclareNearRelative', {}, SELF), state)).toEqual([spouseDeclared]);
  });

  it('for an official never registered is not found', () => {
    expect(() => decider.decide(command('DeclareNearRelative', {}, CITY_ADMIN), given())).toThrow(
      expect.objectContaining({ kind: 'not-found', code: 'official-not-found' }),
    );
  });
});

describe('withdrawing a declaration', () => {
  it('by an admin with a reason records it', () => {
    expect(
      decider.decide(command('WithdrawNearRelative', {}, YUECHENG_ADMIN), given(registered, spouseDeclared)),
    ).toEqual([spouseWithdrawn]);
  });

  it('by the official themself is forbidden: a declaration cannot be quietly taken back', () => {
    expect(() => decider.decide(command('WithdrawNearRelative', {}, SELF), given(registered, spouseDeclared))).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'role-not-allowed' }),
    );
  });

  it('of a person not declared is not found', () => {
    const data = { personal: { idNumber: FATHER_ID } };
    expect(() =>
      decider.decide(command('WithdrawNearRelative', data, YUECHENG_ADMIN), given(registered, spouseDeclared)),
    ).toThrow(expect.objectContaining({ kind: 'not-found', code: 'near-relative-not-declared' }));
  });
});

describe('a deactivated official', () => {
  const state = given(registered, spouseDeclared, deactivated);

  it('is deactivated by an admin covering the unit', () => {
    expect(decider.decide(command('DeactivateOfficial', {}, YUECHENG_ADMIN), given(registered))).toEqual([deactivated]);
    expect(() => decider.decide(command('DeactivateOfficial', {}, SELF), given(registered))).toThrow(
      expect.objectContaining({ code: 'role-not-allowed' }),
    );
  });

  it('cannot be changed any further', () => {
    const commands = [
      command('DeclareNearRelative', { personal: { idNumber: FATHER_ID, name: '王建国' } }, CITY_ADMIN),
      command('WithdrawNearRelative', {}, CITY_ADMIN),
      command('DeactivateOfficial', {}, CITY_ADMIN),
    ];
    for (const c of commands) {
      expect(() => decider.decide(c, state)).toThrow(
        expect.objectContaining({ kind: 'conflict', code: 'official-deactivated' }),
      );
    }
    expect(() => decider.decide(command('RegisterOfficial', {}, CITY_ADMIN), state)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});

describe('a command naming another official than the stream’s', () => {
  it('is refused, naming officialId', () => {
    expect(() => decider.decide(command('DeactivateOfficial', { officialId: 'o-7' }, CITY_ADMIN), given(registered))).toThrow(
      expect.objectContaining({ details: { field: 'officialId' } }),
    );
  });
});

describe('a policy with more admin roles', () => {
  it('lets a supervisor deactivate', () => {
    const lenient = createOfficialsDecider(officialsPolicy({ adminRoles: ['admin', 'supervisor'] }));
    const supervisor = { id: 's-1', role: 'supervisor', unit: '330602' };
    expect(lenient.decide(command('DeactivateOfficial', {}, supervisor), given(registered))).toEqual([deactivated]);
    expect(() => officialsPolicy({ adminRoles: [] })).toThrow(RangeError);
  });
});

