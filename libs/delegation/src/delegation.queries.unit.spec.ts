import { granted, resumed, revoked, stateOf, suspended } from '../test/delegation.fixtures';
import { delegationInForce, delegationStatusAt, explainDelegation, findDelegation } from './delegation.queries';

// Validity 2021-07-01 .. 2022-07-01 (exclusive), local dates in UTC+8:
// in force from 2021-06-30T16:00Z up to, not including, 2022-06-30T16:00Z.
const JUL = '2021-07-15T02:00:00.000Z';
const AUG = '2021-08-01T02:00:00.000Z';
const SEP = '2021-09-01T02:00:00.000Z';

describe('a delegation of 低保 granted for one year', () => {
  const state = stateOf([granted()]);

  it('is in force inside its validity, with its terms', () => {
    expect(delegationInForce(state, JUL, 'dibao')).toEqual({
      delegationId: 'dlg-1',
      countyCode: '330602',
      townshipCode: '330602001',
      programme: 'dibao',
      spotCheckRatio: 0.3,
      programmes: [{ programme: 'dibao', spotCheckRatio: 0.3 }],
      validFrom: '2021-07-01',
      validTo: '2022-07-01',
      document: '越民〔2021〕12号',
      grantedAt: '2021-06-30T02:00:00.000Z',
    });
  });

  it('starts at local midnight of validFrom, not before', () => {
    expect(explainDelegation(state, '2021-06-30T15:59:59.999Z', 'dibao')).toEqual({
      inForce: false,
      reason: 'not-yet-valid',
      delegationId: 'dlg-1',
    });
    expect(delegationInForce(state, '2021-07-01T00:00:00+08:00', 'dibao')).toBeDefined();
  });

  it('ends at local midnight of validTo, which is exclusive', () => {
    expect(delegationInForce(state, '2022-06-30T23:59:59+08:00', 'dibao')).toBeDefined();
    expect(explainDelegation(state, '2022-06-30T16:00:00.000Z', 'dibao')).toEqual({
      inForce: false,
      reason: 'expired',
      delegationId: 'dlg-1',
    });
  });

  it('does not cover a programme it does not list', () => {
    expect(explainDelegation(state, JUL, 'tekun')).toEqual({
      inForce: false,
      reason: 'programme-not-delegated',
      delegationId: 'dlg-1',
    });
  });

  it('did not exist before it was recorded, even on a day its validity covers', () => {
    const sameDay = stateOf([granted({ validFrom: '2021-06-30' })]);
    expect(explainDelegation(sameDay, '2021-06-30T01:00:00.000Z', 'dibao')).toEqual({ inForce: false, reason: 'none' });
    expect(delegationInForce(sameDay, '2021-06-30T02:00:00.000Z', 'dibao')).toBeDefined();
  });
});

describe('a township that never received a delegation', () => {
  it('has none', () => {
    expect(explainDelegation(stateOf([]), JUL, 'dibao')).toEqual({ inForce: false, reason: 'none' });
  });
});

describe('a delegation suspended, then resumed', () => {
  const state = stateOf([granted(), suspended(AUG), resumed(SEP)]);

  it('was in force before the suspension, not during it, and again from the resumption', () => {
    expect(delegationInForce(state, JUL, 'dibao')).toBeDefined();
    expect(explainDelegation(state, AUG, 'dibao')).toEqual({
      inForce: false,
      reason: 'suspended',
      delegationId: 'dlg-1',
    });
    expect(explainDelegation(state, '2021-08-31T02:00:00.000Z', 'dibao')).toMatchObject({ reason: 'suspended' });
    expect(delegationInForce(state, SEP, 'dibao')).toBeDefined();
  });
});

describe('a revoked delegation', () => {
  const state = stateOf([granted(), revoked(AUG)]);

  it('was in force at an instant before the revocation', () => {
    expect(delegationInForce(state, '2021-08-01T01:59:59.999Z', 'dibao')).toMatchObject({ delegationId: 'dlg-1' });
  });

  it('is not in force from the revocation on', () => {
    expect(explainDelegation(state, AUG, 'dibao')).toEqual({
      inForce: false,
      reason: 'revoked',
      delegationId: 'dlg-1',
    });
    expect(explainDelegation(state, '2023-01-01T00:00:00.000Z', 'dibao')).toMatchObject({ reason: 'revoked' });
  });

  it('gives way to the grant that replaced it, from the instant that one was recorded', () => {
    const replaced = stateOf([
      granted(),
      revoked(AUG),
      granted({ delegationId: 'dlg-2', validFrom: '2021-08-01', grantedAt: '2021-08-01T03:00:00.000Z' }),
    ]);
    expect(explainDelegation(replaced, '2021-08-01T02:30:00.000Z', 'dibao')).toMatchObject({
      reason: 'revoked',
      delegationId: 'dlg-1',
    });
    expect(delegationInForce(replaced, '2021-08-01T03:00:00.000Z', 'dibao')).toMatchObject({ delegationId: 'dlg-2' });
  });
});

describe('temporary assistance delegated up to a cap per case', () => {
  const state = stateOf([
    granted({ programmes: [{ programme: 'temporary', maxAmountFen: 300_000, spotCheckRatio: 0 }] }),
  ]);

  it('is in force for an amount up to the cap, the cap included', () => {
    expect(delegationInForce(state, JUL, 'temporary', 300_000)).toMatchObject({ maxAmountFen: 300_000 });
    expect(delegationInForce(state, JUL, 'temporary', 0)).toBeDefined();
  });

  it('is not in force over the cap, and says so with the cap', () => {
    expect(explainDelegation(state, JUL, 'temporary', 300_001)).toEqual({
      inForce: false,
      reason: 'over-cap',
      delegationId: 'dlg-1',
      maxAmountFen: 300_000,
    });
    expect(delegationInForce(state, JUL, 'temporary', 300_001)).toBeUndefined();
  });

  it('cannot be asked about without an amount, nor with a malformed one or instant', () => {
    expect(() => explainDelegation(state, JUL, 'temporary')).toThrow(RangeError);
    expect(() => explainDelegation(state, JUL, 'temporary', -1)).toThrow(RangeError);
    expect(() => explainDelegation(state, '2021-07-15', 'temporary', 1)).toThrow(RangeError);
  });
});

describe('a township between two delegations', () => {
  const state = stateOf([
    granted({ validTo: '2021-08-01' }),
    granted({ delegationId: 'dlg-2', validFrom: '2021-09-01', validTo: '2022-09-01' }),
  ]);

  it('names the coming delegation over the expired one', () => {
    expect(explainDelegation(state, '2021-08-15T02:00:00.000Z', 'dibao')).toEqual({
      inForce: false,
      reason: 'not-yet-valid',
      delegationId: 'dlg-2',
    });
  });

  it('names the latest expired one once none is coming', () => {
    expect(explainDelegation(state, '2023-01-01T02:00:00.000Z', 'dibao')).toMatchObject({
      reason: 'expired',
      delegationId: 'dlg-2',
    });
  });
});

describe('the status of one grant over time', () => {
  const state = stateOf([granted(), suspended(AUG), resumed(SEP), revoked('2021-10-01T02:00:00.000Z')]);
  const record = findDelegation(state, 'dlg-1')!;

  it('runs from not yet granted to revoked', () => {
    const at = ['2021-06-29T00:00:00Z', '2021-06-30T03:00:00Z', JUL, AUG, SEP, '2021-10-01T02:00:00Z'];
    expect(at.map((instant) => delegationStatusAt(record, instant))).toEqual([
      'not-yet-granted',
      'not-yet-valid',
      'in-force',
      'suspended',
      'in-force',
      'revoked',
    ]);
    const unrevoked = findDelegation(stateOf([granted()]), 'dlg-1')!;
    expect(delegationStatusAt(unrevoked, '2022-07-01T00:00:00+08:00')).toBe('expired');
    expect(findDelegation(state, 'dlg-9')).toBeUndefined();
  });
});
