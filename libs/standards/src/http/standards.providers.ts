import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { StandardsCommand } from '../standards.commands';
import { createStandardsDecider } from '../standards.decider';
import type { StandardsEvent } from '../standards.events';
import { type StandardsPolicy, standardsPolicy } from '../standards.policy';
import type { StandardsState } from '../standards.state';

/** The StandardsPolicy in force: the defaults with the policy file's `standards` section over them. */
export const STANDARDS_POLICY = Symbol('STANDARDS_POLICY');

/** The standards decider, made once from the policy. */
export const STANDARDS_DECIDER = Symbol('STANDARDS_DECIDER');

export type StandardsDecider = Decider<StandardsCommand, StandardsEvent, StandardsState>;

const SETTINGS: readonly string[] = ['tekunMinRatioToDibao', 'setterRoles'];

/** The policy from the `standards` section; one it cannot accept stops the start, naming it. */
export function standardsPolicyFrom(config: AppConfig): StandardsPolicy {
  return policySection(config, 'standards', (section) => {
    const unknown = Object.keys(section).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    if (section.setterRoles !== undefined && !Array.isArray(section.setterRoles)) {
      throw new RangeError('setterRoles must be a list of roles');
    }
    return standardsPolicy(section as Partial<StandardsPolicy>);
  });
}

export const standardsProviders: Provider[] = [
  { provide: STANDARDS_POLICY, inject: [CONFIG], useFactory: standardsPolicyFrom },
  {
    provide: STANDARDS_DECIDER,
    inject: [STANDARDS_POLICY],
    useFactory: (policy: StandardsPolicy): StandardsDecider => createStandardsDecider(policy),
  },
];
