import { fold } from '@app/ledger/decider';
import { type CommandMetadata, DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import type { DelegationCommand, GrantDelegation } from '../src/delegation.commands';
import { createDelegationDecider } from '../src/delegation.decider';
import type { DelegationEvent, DelegationGranted } from '../src/delegation.events';
import { DEFAULT_DELEGATION_POLICY } from '../src/delegation.policy';

/** 越城区 and its first street; 柯桥区 next door. */
export const YUECHENG = '330602';
export const TOWNSHIP = '330602001';
export const KEQIAO_TOWNSHIP = '330603101';

export const yuechengReviewer: Actor = { id: 'official-yc-1', role: 'county-reviewer', unit: YUECHENG };
export const keqiaoReviewer: Actor = { id: 'official-kq-1', role: 'county-reviewer', unit: '330603' };
export const cityAdmin: Actor = { id: 'official-sx-1', role: 'admin', unit: '3306' };
export const townshipApprover: Actor = { id: 'official-t-1', role: 'township-approver', unit: TOWNSHIP };

/** 10:00 in Shaoxing on 30 June 2021, the day before the delegation starts. */
export const GRANTED_AT = '2021-06-30T02:00:00.000Z';

export const decider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);

export function meta(now: string, actor: Actor = yuechengReviewer): CommandMetadata {
  return { now, actor };
}

export function grant(
  data: Partial<GrantDelegation['data']> = {},
  now: string = GRANTED_AT,
  actor: Actor = yuechengReviewer,
): GrantDelegation {
  return {
    type: 'GrantDelegation',
    data: {
      delegationId: 'dlg-1',
      townshipCode: TOWNSHIP,
      programmes: [{ programme: 'dibao' }],
      validFrom: '2021-07-01',
      validTo: '2022-07-01',
      document: '越民〔2021〕12号',
      ...data,
    },
    metadata: meta(now, actor),
  };
}

export function granted(data: Partial<DelegationGranted['data']> = {}): DelegationGranted {
  return {
    type: 'DelegationGranted',
    data: {
      delegationId: 'dlg-1',
      countyCode: YUECHENG,
      townshipCode: TOWNSHIP,
      programmes: [{ programme: 'dibao', spotCheckRatio: 0.3 }],
      validFrom: '2021-07-01',
      validTo: '2022-07-01',
      document: '越民〔2021〕12号',
      grantedBy: yuechengReviewer,
      grantedAt: GRANTED_AT,
      ...data,
    },
  };
}

export function suspended(suspendedAt: string, delegationId = 'dlg-1'): DelegationEvent {
  return { type: 'DelegationSuspended', data: { delegationId, reason: '抽查发现审核不规范', suspendedAt } };
}

export function resumed(resumedAt: string, delegationId = 'dlg-1'): DelegationEvent {
  return { type: 'DelegationResumed', data: { delegationId, resumedAt } };
}

export function revoked(revokedAt: string, delegationId = 'dlg-1'): DelegationEvent {
  return { type: 'DelegationRevoked', data: { delegationId, reason: '整改不到位，收回审核确认权限', revokedAt } };
}

export function stateOf(given: readonly DelegationEvent[]) {
  return fold(decider, given);
}

/** Given events, when a command: the events decided. */
export function when(given: readonly DelegationEvent[], command: DelegationCommand): readonly DelegationEvent[] {
  return decider.decide(command, stateOf(given));
}

/** Given events, when a command that must be refused: the refusal (fails the test if none). */
export function refusal(given: readonly DelegationEvent[], command: DelegationCommand): DomainError {
  let decided: readonly DelegationEvent[];
  try {
    decided = when(given, command);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(decided)}`);
}
