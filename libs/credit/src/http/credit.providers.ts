import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { CreditCommand } from '../credit.commands';
import { createCreditDecider, type CreditState } from '../credit.decider';
import type { CreditEvent } from '../credit.events';
import { createCreditPolicy, type CreditPolicy, type CreditPolicyOverrides } from '../credit.policy';

/** The CreditPolicy in force: the defaults with the policy file's `credit` section over them. */
export const CREDIT_POLICY = Symbol('CREDIT_POLICY');
export const CREDIT_DECIDER = Symbol('CREDIT_DECIDER');

export type CreditDecider = Decider<CreditCommand, CreditEvent, CreditState>;

const SETTINGS: readonly string[] = ['version', 'severities', 'intake', 'banAppliesTo'];

/** The policy from the `credit` section; one it cannot accept stops the start, naming it. */
export function creditPolicyFrom(config: AppConfig): CreditPolicy {
  return policySection(config, 'credit', (section) => {
    const unknown = Object.keys(section).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    for (const key of ['severities', 'intake']) {
      const value = section[key];
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        throw new RangeError(`${key} must be an object`);
      }
    }
    return createCreditPolicy(section as CreditPolicyOverrides);
  });
}

export const creditProviders: Provider[] = [
  { provide: CREDIT_POLICY, inject: [CONFIG], useFactory: creditPolicyFrom },
  {
    provide: CREDIT_DECIDER,
    inject: [CREDIT_POLICY],
    useFactory: (policy: CreditPolicy): CreditDecider => createCreditDecider(policy),
  },
];
