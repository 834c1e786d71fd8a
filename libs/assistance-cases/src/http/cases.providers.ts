import { CHINA_2020_2021, createWorkingCalendar, type WorkingCalendar } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, policySection } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { CaseCommand } from '../case.commands';
import { createCaseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import { type CasePolicy, type CasePolicyOverrides, createCasePolicy, DEFAULT_CASE_POLICY } from '../case.policy';
import type { CaseState } from '../case.state';

export const CASE_POLICY = Symbol('CASE_POLICY');
export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');
export const CASE_DECIDER = Symbol('CASE_DECIDER');

export type CaseDecider = Decider<CaseCommand, CaseEvent, CaseState>;

function refuseUnknown(section: Readonly<Record<string, unknown>>, settings: readonly string[]): void {
  const unknown = Object.keys(section).filter((key) => !settings.includes(key));
  if (unknown.length > 0) throw new RangeError(`unknown ${unknown.join(', ')}; the settings are ${settings.join(', ')}`);
}

function stringList(value: unknown, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new RangeError(`${name} must be a list of 'YYYY-MM-DD' dates`);
  }
  return value;
}

export const casesProviders: Provider[] = [
  {
    provide: CASE_POLICY,
    inject: [CONFIG],
    useFactory: (config: AppConfig): CasePolicy =>
      policySection(config, 'cases', (section) => {
        refuseUnknown(section, Object.keys(DEFAULT_CASE_POLICY));
        return createCasePolicy(section as CasePolicyOverrides);
      }),
  },
  {
    // The State Council's holidays the calendar ships with, plus the years the bureau adds.
    provide: WORKING_CALENDAR,
    inject: [CONFIG],
    useFactory: (config: AppConfig): WorkingCalendar =>
      policySection(config, 'calendar', (section) => {
        refuseUnknown(section, ['holidays', 'adjustedWorkdays']);
        return createWorkingCalendar({
          holidays: [...CHINA_2020_2021.holidays, ...stringList(section.holidays, 'calendar.holidays')],
          adjustedWorkdays: [
            ...CHINA_2020_2021.adjustedWorkdays,
            ...stringList(section.adjustedWorkdays, 'calendar.adjustedWorkdays'),
          ],
        });
      }),
  },
  {
    provide: CASE_DECIDER,
    inject: [CASE_POLICY, WORKING_CALENDAR],
    useFactory: (policy: CasePolicy, calendar: WorkingCalendar): CaseDecider => createCaseDecider({ policy, calendar }),
  },
];
