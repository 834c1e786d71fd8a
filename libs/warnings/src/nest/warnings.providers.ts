import { CHINA_2020_2021, createWorkingCalendar, type WorkingCalendar } from '@app/calendar';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import { type CasePolicyOverrides, createCasePolicy } from '@app/assistance-cases/case.policy';
import { delegationPolicyFrom } from '@app/delegation/http/delegation.providers';
import type { Provider } from '@nestjs/common';
import { createIntegrityRules, type IntegrityRule, type IntegrityRulesOptions } from '../rules';
import { type RulesEngineSettings, rulesEngineSettingsFrom, RULES_ENGINE_SETTINGS_KEYS } from '../engine/rules-engine.settings';
import { createWarningDecider, type WarningDecider } from '../warning.decider';
import {
  createWarningPolicy,
  WARNING_POLICY_SETTINGS,
  type WarningPolicy,
  type WarningPolicyOverrides,
} from '../warning.policy';

/** The WarningPolicy in force: defaults with the policy file's `warnings` section over them. */
export const WARNING_POLICY = Symbol('WARNING_POLICY');
/** The warning decider, made once from the policy and the working calendar. */
export const WARNING_DECIDER = Symbol('WARNING_DECIDER');
/** The engine's own settings from the `warnings` section (`engine`, `rules`). */
export const RULES_ENGINE_SETTINGS = Symbol('RULES_ENGINE_SETTINGS');
/** The working calendar of the `calendar` section, for the decider and the rules. */
export const WARNINGS_CALENDAR = Symbol('WARNINGS_CALENDAR');

const SETTINGS: readonly string[] = [...WARNING_POLICY_SETTINGS, ...RULES_ENGINE_SETTINGS_KEYS];

function section(config: AppConfig): Readonly<Record<string, unknown>> {
  return policySection(config, 'warnings', (values) => {
    const unknown = Object.keys(values).filter((key) => !SETTINGS.includes(key));
    if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${SETTINGS.join(', ')}`);
    return values;
  });
}

/** The policy from the `warnings` section; one it cannot accept stops the start, naming it. */
export function warningPolicyFrom(config: AppConfig): WarningPolicy {
  const values = section(config);
  return policySection(config, 'warnings', () => {
    const overrides: Record<string, unknown> = {};
    for (const key of WARNING_POLICY_SETTINGS) if (values[key] !== undefined) overrides[key] = values[key];
    return createWarningPolicy(overrides as WarningPolicyOverrides);
  });
}

export function rulesEngineSettingsOf(config: AppConfig): RulesEngineSettings {
  const values = section(config);
  return policySection(config, 'warnings', () => rulesEngineSettingsFrom(values));
}

/**
 * The working calendar of the `calendar` section (the State Council holidays the calendar ships
 * with, plus the years the bureau adds), as the cases context reads it; built here too so that the
 * worker, which serves no case routes, has it.
 */
export function calendarFrom(config: AppConfig): WorkingCalendar {
  return policySection(config, 'calendar', (values) => {
    const list = (value: unknown, name: string): readonly string[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw new RangeError(`${name} must be a list of 'YYYY-MM-DD' dates`);
      }
      return value;
    };
    return createWorkingCalendar({
      holidays: [...CHINA_2020_2021.holidays, ...list(values.holidays, 'holidays')],
      adjustedWorkdays: [...CHINA_2020_2021.adjustedWorkdays, ...list(values.adjustedWorkdays, 'adjustedWorkdays')],
    });
  });
}

const FROM_OTHER_SECTIONS: Readonly<Record<string, string>> = {
  calendar: 'calendar',
  casePolicy: 'cases',
  delegationPolicy: 'delegation',
};

/**
 * Every integrity rule, configured by the `rules` key of the `warnings` section (severities,
 * disabled rules, means-check limits, ...), with the calendar, the case policy and the delegation
 * policy of their own sections, so the rules judge by the numbers the deciders use.
 */
export function integrityRulesFrom(config: AppConfig, settings: RulesEngineSettings, calendar: WorkingCalendar): IntegrityRule[] {
  const casePolicy = policySection(config, 'cases', (values) => createCasePolicy(values as CasePolicyOverrides));
  const delegationPolicy = delegationPolicyFrom(config);
  return policySection(config, 'warnings', () => {
    for (const key of Object.keys(settings.rules)) {
      const section = FROM_OTHER_SECTIONS[key];
      if (section) throw new RangeError(`rules.${key} is set in the ${section} section`);
    }
    return createIntegrityRules({ ...(settings.rules as IntegrityRulesOptions), calendar, casePolicy, delegationPolicy });
  });
}

export const warningsProviders: Provider[] = [
  { provide: WARNING_POLICY, inject: [CONFIG], useFactory: warningPolicyFrom },
  { provide: RULES_ENGINE_SETTINGS, inject: [CONFIG], useFactory: rulesEngineSettingsOf },
  { provide: WARNINGS_CALENDAR, inject: [CONFIG], useFactory: calendarFrom },
  {
    provide: WARNING_DECIDER,
    inject: [WARNING_POLICY, WARNINGS_CALENDAR],
    useFactory: (policy: WarningPolicy, calendar: WorkingCalendar): WarningDecider => createWarningDecider({ policy, calendar }),
  },
];
