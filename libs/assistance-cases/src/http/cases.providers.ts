import { CHINA_2020_2021, createWorkingCalendar, dateInChina, type WorkingCalendar } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type AppConfig, type Clock, CLOCK, CONFIG, policySection } from '@app/platform';
import { Logger, type Provider } from '@nestjs/common';
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
    inject: [CONFIG, CLOCK],
    useFactory: (config: AppConfig, clock: Clock): WorkingCalendar =>
      policySection(config, 'calendar', (section) => {
        refuseUnknown(section, ['holidays', 'adjustedWorkdays']);
        const calendar = createWorkingCalendar({
          holidays: [...CHINA_2020_2021.holidays, ...stringList(section.holidays, 'calendar.holidays')],
          adjustedWorkdays: [
            ...CHINA_2020_2021.adjustedWorkdays,
            ...stringList(section.adjustedWorkdays, 'calendar.adjustedWorkdays'),
          ],
        });
        const today = dateInChina(clock.now().toISOString());
        if (!calendar.covers(today)) {
          new Logger('Calendar').warn(
            `no public holidays are configured for ${today.slice(0, 4)}: working-day deadlines count weekends only ` +
              'until the year is added to the calendar section of LEDGER_POLICY_FILE',
          );
        }
        return calendar;
      }),
  },
  {
    provide: CASE_DECIDER,
    inject: [CASE_POLICY, WORKING_CALENDAR],
    useFactory: (policy: CasePolicy, calendar: WorkingCalendar): CaseDecider => createCaseDecider({ policy, calendar }),
  },
];
