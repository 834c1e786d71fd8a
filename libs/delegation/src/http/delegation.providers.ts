import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { DelegationCommand } from '../delegation.commands';
import { createDelegationDecider, type DelegationState } from '../delegation.decider';
import type { DelegationEvent } from '../delegation.events';
import { createDelegationPolicy, type DelegationPolicy, type DelegationPolicyOverrides } from '../delegation.policy';

/** The DelegationPolicy in force: the defaults with the policy file's `delegation` section over them. */
export const DELEGATION_POLICY = Symbol('DELEGATION_POLICY');

/** The delegation decider, made once from the policy. */
export const DELEGATION_DECIDER = Symbol('DELEGATION_DECIDER');

export type DelegationDecider = Decider<DelegationCommand, DelegationEvent, DelegationState>;

const SETTINGS: readonly string[] = ['countySpotCheckRatio'];

/** The policy from the `delegation` section; one it cannot accept stops the start, naming it. */
export function delegationPolicyFrom(config: AppConfig): DelegationPolicy {
  return policySection(config, 'delegation', (section) => {
    const unknown = Object.keys(section).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    const ratios = section.countySpotCheckRatio;
    if (ratios !== undefined && (ratios === null || typeof ratios !== 'object' || Array.isArray(ratios))) {
      throw new RangeError('countySpotCheckRatio must be an object of ratios by programme');
    }
    return createDelegationPolicy(section as DelegationPolicyOverrides);
  });
}

export const delegationProviders: Provider[] = [
  { provide: DELEGATION_POLICY, inject: [CONFIG], useFactory: delegationPolicyFrom },
  {
    provide: DELEGATION_DECIDER,
    inject: [DELEGATION_POLICY],
    useFactory: (policy: DelegationPolicy): DelegationDecider => createDelegationDecider(policy),
  },
];
