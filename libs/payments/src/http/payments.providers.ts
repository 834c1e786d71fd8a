import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { BatchCommand } from '../batch.commands';
import { createBatchDecider } from '../batch.decider';
import type { BatchEvent } from '../batch.events';
import { type BatchPolicy, type BatchPolicyOverrides, createBatchPolicy } from '../batch.policy';
import type { BatchState } from '../batch.state';

/** The BatchPolicy in force: the defaults with the policy file's `payments` section over them. */
export const BATCH_POLICY = Symbol('BATCH_POLICY');

/** The batch decider, made once from the policy. */
export const BATCH_DECIDER = Symbol('BATCH_DECIDER');

export type BatchDecider = Decider<BatchCommand, BatchEvent, BatchState>;

const SETTINGS: readonly string[] = ['openLeadDays', 'rolesAllowed'];

/** The policy from the `payments` section; one it cannot accept stops the start, naming it. */
export function batchPolicyFrom(config: AppConfig): BatchPolicy {
  return policySection(config, 'payments', (section) => {
    const unknown = Object.keys(section).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    const roles = section.rolesAllowed;
    if (roles !== undefined && (roles === null || typeof roles !== 'object' || Array.isArray(roles))) {
      throw new RangeError('rolesAllowed must be an object of role lists by step');
    }
    return createBatchPolicy(section as BatchPolicyOverrides);
  });
}

export const paymentsProviders: Provider[] = [
  { provide: BATCH_POLICY, inject: [CONFIG], useFactory: batchPolicyFrom },
  {
    provide: BATCH_DECIDER,
    inject: [BATCH_POLICY],
    useFactory: (policy: BatchPolicy): BatchDecider => createBatchDecider(policy),
  },
];
