import { CHINA_2020_2021, createWorkingCalendar, type WorkingCalendar } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type AppConfig, CONFIG, ConfigError } from '@app/platform';
import type { Provider } from '@nestjs/common';
import type { CaseCommand } from '../case.commands';
import { createCaseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import { type CasePolicy, type CasePolicyOverrides, createCasePolicy } from '../case.policy';
import type { CaseState } from '../case.state';

export const CASE_POLICY = Symbol('CASE_POLICY');
export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');
export const CASE_DECIDER = Symbol('CASE_DECIDER');

export type CaseDecider = Decider<CaseCommand, CaseEvent, CaseState>;

/** A section of the policy file that a context could not accept stops the start, naming it. */
function fromPolicySection<T>(section: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new ConfigError([{ setting: `LEDGER_POLICY_FILE (${section})`, message: (error as Error).message }]);
  }
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
      fromPolicySection('cases', () => createCasePolicy((config.policy.cases ?? {}) as CasePolicyOverrides)),
  },
  {
    // The State Council's holidays the calendar ships with, plus the years the bureau adds.
    provide: WORKING_CALENDAR,
    inject: [CONFIG],
    useFactory: (config: AppConfig): WorkingCalendar =>
      fromPolicySection('calendar', () => {
        const section = config.policy.calendar ?? {};
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
