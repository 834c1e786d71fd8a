import type { DelegationCommand } from './delegation.commands';
import {
  granted,
  keqiaoReviewer,
  meta,
  refusal,
  resumed,
  revoked,
  stateOf,
  suspended,
  TOWNSHIP,
  townshipApprover,
  when,
  yuechengReviewer,
} from '../test/delegation.fixtures';

const AUG = '2021-08-01T02:00:00.000Z';
const SEP = '2021-09-01T02:00:00.000Z';

const suspend = (now: string, delegationId = 'dlg-1', actor = yuechengReviewer): DelegationCommand => ({
  type: 'SuspendDelegation',
  data: { townshipCode: TOWNSHIP, delegationId, reason: '抽查发现审核不规范' },
  metadata: meta(now, actor),
});
const resume = (now: string): DelegationCommand => ({
  type: 'ResumeDelegation',
  data: { townshipCode: TOWNSHIP, delegationId: 'dlg-1' },
  metadata: meta(now),
});
const revoke = (now: string, reason = '整改不到位，收回审核确认权限'): DelegationCommand => ({
  type: 'RevokeDelegation',
  data: { townshipCode: TOWNSHIP, delegationId: 'dlg-1', reason },
  metadata: meta(now),
});

describe('a delegation in force', () => {
  it('is suspended at the instant of the command', () => {
    expect(when([granted()], suspend(AUG))).toEqual([suspended(AUG)]);
  });

  it('is revoked at the instant of the command', () => {
    expect(when([granted()], revoke(AUG))).toEqual([revoked(AUG)]);
  });

  it('cannot be resumed (409), nor suspended or revoked without a reason (400)', () => {
    expect(refusal([granted()], resume(AUG))).toMatchObject({ kind: 'conflict', code: 'delegation-not-suspended' });
    expect(refusal([granted()], revoke(AUG, ' '))).toMatchObject({ kind: 'invalid', details: { field: 'reason' } });
  });

  it('is withdrawn only by its county (403)', () => {
    expect(refusal([granted()], suspend(AUG, 'dlg-1', keqiaoReviewer))).toMatchObject({
      kind: 'forbidden',
      code: 'outside-jurisdiction',
    });
    expect(refusal([granted()], suspend(AUG, 'dlg-1', townshipApprover))).toMatchObject({
      kind: 'forbidden',
      code: 'role-not-allowed',
    });
  });

  it('refuses a command stamped before the register’s last event (409)', () => {
    expect(refusal([granted(), suspended(AUG)], resume('2021-07-31T00:00:00.000Z'))).toMatchObject({
      kind: 'conflict',
      code: 'clock-behind',
    });
  });
});

describe('a suspended delegation', () => {
  const given = [granted(), suspended(AUG)];

  it('is resumed at the instant of the command', () => {
    expect(when(given, resume(SEP))).toEqual([resumed(SEP)]);
  });

  it('cannot be suspended twice (409) but can be revoked', () => {
    expect(refusal(given, suspend(SEP))).toMatchObject({ kind: 'conflict', code: 'delegation-suspended' });
    expect(when(given, revoke(SEP))).toEqual([revoked(SEP)]);
  });
});

describe('a revoked delegation', () => {
  const given = [granted(), revoked(AUG)];

  it('can be neither suspended, resumed nor revoked again: revocation is final (409)', () => {
    for (const command of [suspend(SEP), resume(SEP), revoke(SEP)]) {
      expect(refusal(given, command)).toMatchObject({ kind: 'conflict', code: 'delegation-revoked' });
    }
  });
});

describe('a delegation that does not exist', () => {
  it('cannot be suspended (404)', () => {
    expect(refusal([], suspend(AUG))).toMatchObject({ kind: 'not-found', code: 'delegation-not-found' });
    expect(refusal([granted()], suspend(AUG, 'dlg-9'))).toMatchObject({ kind: 'not-found' });
  });
});

describe('the register folds every event type', () => {
  it('keeps each grant with its full history of suspensions and its revocation', () => {
    const state = stateOf([
      granted(),
      suspended(AUG),
      resumed(SEP),
      suspended('2021-10-01T02:00:00.000Z'),
      revoked('2021-11-01T02:00:00.000Z'),
      granted({ delegationId: 'dlg-2', validFrom: '2021-11-02', grantedAt: '2021-11-01T03:00:00.000Z' }),
    ]);
    expect(state.townshipCode).toBe(TOWNSHIP);
    expect(state.lastRecordedAt).toBe('2021-11-01T03:00:00.000Z');
    expect(state.delegations.map((d) => d.delegationId)).toEqual(['dlg-1', 'dlg-2']);
    expect(state.delegations[0]).toEqual({
      ...granted().data,
      suspensions: [
        { suspendedAt: AUG, reason: '抽查发现审核不规范', resumedAt: SEP },
        { suspendedAt: '2021-10-01T02:00:00.000Z', reason: '抽查发现审核不规范' },
      ],
      revocation: { revokedAt: '2021-11-01T02:00:00.000Z', reason: '整改不到位，收回审核确认权限' },
    });
    expect(state.delegations[1]).toMatchObject({
      delegationId: 'dlg-2',
      suspensions: [],
      grantedAt: '2021-11-01T03:00:00.000Z',
    });
    expect(state.delegations[1].revocation).toBeUndefined();
  });

  it('starts empty', () => {
    expect(stateOf([])).toEqual({ delegations: [] });
  });
});
