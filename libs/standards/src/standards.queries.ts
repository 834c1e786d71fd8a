import { firstDayOf, type IsoDate, isYearMonth, type YearMonth } from '@app/calendar';
import { unitLevel } from '@app/platform/jurisdiction';
import type { Programme } from './standards.events';
import { DEFAULT_STANDARDS_POLICY, meetsTekunRatio, type StandardsPolicy, tekunMinimumFen } from './standards.policy';
import type { StandardEntry, StandardsState } from './standards.state';

export function standardStreamId(region: string): string {
  return `standard-${region}`;
}

/** A revision-free reference a decision can record: which standard it applied. */
export interface StandardRef {
  readonly streamId: string;
  /** `${region}/${programme}/${effectiveFrom}`: stable across corrections of the same standard. */
  readonly id: string;
}

export interface StandardInForce {
  readonly region: string;
  readonly programme: Programme;
  readonly monthlyFen: number;
  readonly effectiveFrom: IsoDate;
  readonly document?: string;
  readonly standardRef: StandardRef;
}

export function standardRefOf(region: string, programme: Programme, effectiveFrom: IsoDate): StandardRef {
  return { streamId: standardStreamId(region), id: `${region}/${programme}/${effectiveFrom}` };
}

/** The entry with the latest effective date on or before the date. */
export function entryInForceOn(state: StandardsState, programme: Programme, date: IsoDate): StandardEntry | undefined {
  let found: StandardEntry | undefined;
  for (const entry of state.standards[programme]) {
    if (entry.effectiveFrom > date) break;
    found = entry;
  }
  return found;
}

/** The standard in force for a month: the one with the latest effectiveFrom ≤ the month's first day. */
export function standardInForce(
  state: StandardsState,
  programme: Programme,
  month: YearMonth,
): StandardInForce | undefined {
  if (!isYearMonth(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  const entry = entryInForceOn(state, programme, firstDayOf(month));
  if (!entry || state.region === undefined) return undefined;
  return {
    region: state.region,
    programme,
    monthlyFen: entry.monthlyFen,
    effectiveFrom: entry.effectiveFrom,
    ...(entry.document === undefined ? {} : { document: entry.document }),
    standardRef: standardRefOf(state.region, programme, entry.effectiveFrom),
  };
}

/** Every standard set in the stream for a programme (or all), in effective-date order. */
export function listStandards(state: StandardsState, programme?: Programme): readonly StandardEntry[] {
  if (programme) return state.standards[programme];
  return Object.values(state.standards).flat();
}

/**
 * The standard streams that may apply to a unit, most specific first: a county's own, then its
 * city's. standardRegionsFor('330681001') → ['330681', '3306'].
 */
export function standardRegionsFor(unit: string): readonly string[] {
  const level = unitLevel(unit);
  if (level === undefined) return [];
  return level === 'city' ? [unit] : [unit.slice(0, 6), unit.slice(0, 4)];
}

export interface RatioViolation {
  /** A date from which the 特困 standard is below the ratio. */
  readonly date: IsoDate;
  readonly tekunFen: number;
  readonly tekunEffectiveFrom: IsoDate;
  readonly dibaoFen: number;
  readonly dibaoEffectiveFrom: IsoDate;
  readonly minimumFen: number;
}

/** Where, on or after a date, a 特困 standard in force is below the ratio to the 低保 one in force. */
export function tekunRatioViolations(
  state: StandardsState,
  from: IsoDate,
  policy: StandardsPolicy = DEFAULT_STANDARDS_POLICY,
): RatioViolation[] {
  const changes = [...state.standards.dibao, ...state.standards['tekun-basic']].map((e) => e.effectiveFrom);
  const dates = [...new Set([from, ...changes.filter((date) => date > from)])].sort();
  const violations: RatioViolation[] = [];
  for (const date of dates) {
    const dibao = entryInForceOn(state, 'dibao', date);
    const tekun = entryInForceOn(state, 'tekun-basic', date);
    if (!dibao || !tekun || meetsTekunRatio(tekun.monthlyFen, dibao.monthlyFen, policy)) continue;
    violations.push({
      date,
      tekunFen: tekun.monthlyFen,
      tekunEffectiveFrom: tekun.effectiveFrom,
      dibaoFen: dibao.monthlyFen,
      dibaoEffectiveFrom: dibao.effectiveFrom,
      minimumFen: tekunMinimumFen(dibao.monthlyFen, policy),
    });
  }
  return violations;
}

/** 85000 → '850.00 元', for messages. */
export function formatYuan(fen: number): string {
  return `${(fen / 100).toFixed(2)} 元`;
}
