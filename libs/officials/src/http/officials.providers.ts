import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { OfficialsCommand } from '../officials.commands';
import { createOfficialsDecider } from '../officials.decider';
import type { OfficialsEvent } from '../officials.events';
import { type OfficialsPolicy, officialsPolicy } from '../officials.policy';
import type { OfficialState } from '../officials.state';

/** The OfficialsPolicy in force: the defaults with the policy file's `officials` section over them. */
export const OFFICIALS_POLICY = Symbol('OFFICIALS_POLICY');

/** The officials decider, made once from the policy. */
export const OFFICIALS_DECIDER = Symbol('OFFICIALS_DECIDER');

export type OfficialsDecider = Decider<OfficialsCommand, OfficialsEvent, OfficialState>;

const SETTINGS: readonly string[] = ['adminRoles', 'textMaxLength'];

/** The policy from the `officials` section; one it cannot accept stops the start, naming it. */
export function officialsPolicyFrom(config: AppConfig): OfficialsPolicy {
  return policySection(config, 'officials', (section) => {
    const unknown = Object.keys(section).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    if (section.adminRoles !== undefined && !Array.isArray(section.adminRoles)) {
      throw new RangeError('adminRoles must be a list of roles');
    }
    return officialsPolicy(section as Partial<OfficialsPolicy>);
  });
}

export const officialsProviders: Provider[] = [
  { provide: OFFICIALS_POLICY, inject: [CONFIG], useFactory: officialsPolicyFrom },
  {
    provide: OFFICIALS_DECIDER,
    inject: [OFFICIALS_POLICY],
    useFactory: (policy: OfficialsPolicy): OfficialsDecider => createOfficialsDecider(policy),
  },
];
