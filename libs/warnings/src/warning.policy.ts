import { addDays, dateInChina, type IsoDate, type WorkingCalendar } from '@app/calendar';
import type { Actor } from '@app/ledger/envelope';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import { SEVERITIES, type Severity } from './rules/integrity-rule';
import { ROUTING_LEVELS, type RoutingLevel, type WarningJurisdiction } from './warning.events';

/** Levels below the top, which have an acknowledgement deadline (the top has nowhere to escalate to). */
export type EscalatingLevel = Exclude<RoutingLevel, 'discipline'>;

/**
 * The numbers of warning handling: local policy, not national law. DOMAIN §7 describes the chain
 * (线上转办 to township / county 民政 → 线下核实 → feedback within a deadline; 纪委监委 for the
 * gravest) but gives no figures, so every default here is a default, to be set per city.
 */
export interface WarningPolicy {
  /** Where a warning goes first, by severity. */
  readonly routing: Readonly<Record<Severity, RoutingLevel>>;
  /** Working days to acknowledge at a level before the warning escalates one level up. */
  readonly acknowledgeWorkingDays: Readonly<Record<EscalatingLevel, number>>;
  /** Working days from raising to close-out (核实反馈 / 限时办结), by severity. */
  readonly closeWorkingDays: Readonly<Record<Severity, number>>;
}

export interface WarningPolicyOverrides {
  readonly routing?: Partial<Record<Severity, RoutingLevel>>;
  readonly acknowledgeWorkingDays?: Partial<Record<EscalatingLevel, number>>;
  readonly closeWorkingDays?: Partial<Record<Severity, number>>;
}

export const WARNING_POLICY_SETTINGS: readonly (keyof WarningPolicy)[] = Object.freeze([
  'routing',
  'acknowledgeWorkingDays',
  'closeWorkingDays',
]);

const DEFAULTS: WarningPolicy = {
  // Defaults: the township checks the ordinary leads itself; what points at money paid wrongly
  // goes to the county bureau; what points at officials (优亲厚友) goes to discipline inspection.
  routing: { low: 'township', medium: 'township', high: 'county', critical: 'discipline' },
  // Defaults: two working days to say a lead is being looked into, at either level.
  acknowledgeWorkingDays: { township: 2, county: 2 },
  // Defaults: the gravest first; 15 working days follows the 特困 objection period (DOMAIN §3) as
  // the time a check-and-decide takes, not any rule about warnings.
  closeWorkingDays: { low: 20, medium: 15, high: 10, critical: 5 },
};

const MAX_WORKING_DAYS = 120;

/** The policy with defaults, validated and frozen; throws RangeError naming a bad override. */
export function createWarningPolicy(overrides: WarningPolicyOverrides = {}): WarningPolicy {
  const routing = { ...DEFAULTS.routing };
  for (const [severity, level] of entries(overrides.routing, 'routing')) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new RangeError(`routing: unknown severity ${severity}; severities are ${SEVERITIES.join(', ')}`);
    }
    if (!(ROUTING_LEVELS as readonly unknown[]).includes(level)) {
      throw new RangeError(`routing.${severity} must be one of ${ROUTING_LEVELS.join(', ')}, got ${String(level)}`);
    }
    routing[severity as Severity] = level as RoutingLevel;
  }
  // A graver warning never starts lower than a lighter one.
  for (let i = 1; i < SEVERITIES.length; i++) {
    const [lighter, graver] = [SEVERITIES[i - 1], SEVERITIES[i]];
    if (levelIndex(routing[graver]) < levelIndex(routing[lighter])) {
      throw new RangeError(`routing.${graver} (${routing[graver]}) is below routing.${lighter} (${routing[lighter]})`);
    }
  }
  const acknowledgeWorkingDays = { ...DEFAULTS.acknowledgeWorkingDays };
  for (const [level, days] of entries(overrides.acknowledgeWorkingDays, 'acknowledgeWorkingDays')) {
    if (level !== 'township' && level !== 'county') {
      throw new RangeError(`acknowledgeWorkingDays: ${level} is not township or county (the top level does not escalate)`);
    }
    acknowledgeWorkingDays[level] = workingDays(days, `acknowledgeWorkingDays.${level}`, 1);
  }
  const closeWorkingDays = { ...DEFAULTS.closeWorkingDays };
  for (const [severity, days] of entries(overrides.closeWorkingDays, 'closeWorkingDays')) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new RangeError(`closeWorkingDays: unknown severity ${severity}`);
    }
    closeWorkingDays[severity as Severity] = workingDays(days, `closeWorkingDays.${severity}`, 1);
  }
  return Object.freeze({
    routing: Object.freeze(routing),
    acknowledgeWorkingDays: Object.freeze(acknowledgeWorkingDays),
    closeWorkingDays: Object.freeze(closeWorkingDays),
  });
}

export const DEFAULT_WARNING_POLICY: WarningPolicy = createWarningPolicy();

export function levelIndex(level: RoutingLevel): number {
  return ROUTING_LEVELS.indexOf(level);
}

/** The level above, or undefined at the top. */
export function nextLevel(level: RoutingLevel): RoutingLevel | undefined {
  return ROUTING_LEVELS[levelIndex(level) + 1];
}

type Calendar = Pick<WorkingCalendar, 'addWorkingDays'>;

/**
 * When a warning routed to `level` at `now` escalates unless acknowledged: the end (24:00 China
 * time) of the n-th working day after the day it arrived; null at the top level.
 */
export function acknowledgeByOf(level: RoutingLevel, now: string, policy: WarningPolicy, calendar: Calendar): string | null {
  if (level === 'discipline') return null;
  const lastDay = calendar.addWorkingDays(dateInChina(now), policy.acknowledgeWorkingDays[level]);
  return endOfChinaDay(lastDay);
}

/** The close-out date (inclusive) of a warning of `severity` raised at `now`. */
export function closeByOf(severity: Severity, now: string, policy: WarningPolicy, calendar: Calendar): IsoDate {
  return calendar.addWorkingDays(dateInChina(now), policy.closeWorkingDays[severity]);
}

export function endOfChinaDay(date: IsoDate): string {
  return new Date(`${addDays(date, 1)}T00:00:00+08:00`).toISOString();
}

/** Who acts for each level, within the warning's jurisdiction. */
export const LEVEL_ROLES: Readonly<Record<RoutingLevel, readonly Role[]>> = Object.freeze({
  township: ['township-approver', 'supervisor'],
  county: ['county-reviewer', 'supervisor'],
  discipline: ['discipline-inspector'],
});

/**
 * The levels at which an official may handle a warning of this jurisdiction: the township's own
 * approver or supervisor; a county-reviewer or supervisor whose county (or city) unit covers it; a
 * discipline inspector whose unit covers it. Also what a reader may see: a warning is visible to
 * whoever may act on it at some level.
 */
export function levelsOf(actor: Actor, jurisdiction: WarningJurisdiction): RoutingLevel[] {
  const unit = unitLevel(actor.unit);
  const covers = withinJurisdiction(actor.unit, jurisdiction.township);
  const levels: RoutingLevel[] = [];
  const holds = (level: RoutingLevel): boolean => (LEVEL_ROLES[level] as readonly string[]).includes(actor.role);
  if (covers && unit === 'township' && holds('township')) levels.push('township');
  if (covers && (unit === 'county' || unit === 'city') && holds('county')) levels.push('county');
  if (covers && holds('discipline')) levels.push('discipline');
  return levels;
}

/** True when the actor may act at `level` or at any level above it. */
export function mayActAtOrAbove(actor: Actor, jurisdiction: WarningJurisdiction, level: RoutingLevel): boolean {
  return levelsOf(actor, jurisdiction).some((held) => levelIndex(held) >= levelIndex(level));
}

function entries(value: unknown, name: string): [string, unknown][] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RangeError(`${name} must be an object`);
  }
  return Object.entries(value);
}

function workingDays(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > MAX_WORKING_DAYS) {
    throw new RangeError(`${name} must be a whole number of working days from ${min} to ${MAX_WORKING_DAYS}, got ${String(value)}`);
  }
  return value;
}
