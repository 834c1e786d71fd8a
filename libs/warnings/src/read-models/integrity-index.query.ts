import { type ReadStore, readProjection } from '@app/projections';
import { prefix } from './alerts.query';
import { ACTIVE_CASES_TABLE, WARNINGS_READ_MODEL, WARNINGS_TABLE } from './warnings.projection';

/** Programmes whose cases stay on the rolls month after month; 临时救助 is paid once and is not counted. */
export const ONGOING_PROGRAMMES: readonly string[] = Object.freeze(['dibao', 'tekun']);

export interface IntegrityIndexRequest {
  /** A county (or city, or township) code: every township under it. */
  readonly unit: string;
  /** The day the index is taken on (China date, inclusive). */
  readonly date: string;
  /** First day of the window warnings are counted in (inclusive); the start of the ledger when absent. */
  readonly from?: string;
}

export interface IntegrityFigures {
  /** 低保 and 特困 cases approved on or before the date and not terminated by then (suspended ones count). */
  readonly activeCases: number;
  /** Raised in the window. */
  readonly warnings: number;
  /** Of those, closed by the date, and how. */
  readonly closed: number;
  readonly confirmed: number;
  readonly dismissed: number;
  /** warnings × 100 / activeCases, two decimals; null without active cases. */
  readonly warningsPer100Cases: number | null;
  /** confirmed / closed, three decimals; null when none is closed. */
  readonly confirmedRatio: number | null;
  /** Raised on or before the date (in the window or not), not closed by then, past their close-out date. */
  readonly overdueCloseOuts: number;
}

export type TownshipIntegrity = { readonly township: string } & IntegrityFigures;

export interface IntegrityIndex {
  readonly unit: string;
  readonly date: string;
  readonly from: string | null;
  /** Every township under the unit with a case or a warning, by code. */
  readonly townships: readonly TownshipIntegrity[];
  readonly total: IntegrityFigures;
}

interface Counts {
  activeCases: number;
  warnings: number;
  closed: number;
  confirmed: number;
  overdueCloseOuts: number;
}

/**
 * The township integrity index (DESIGN §5) as of a day: warnings per 100 active cases, the share of
 * closed warnings confirmed, and close-outs overdue. Counted at query time from the warning rows and
 * the case rows of the `warnings` read model, so any past day can be asked.
 */
export function integrityIndex(store: ReadStore, request: IntegrityIndexRequest): Promise<IntegrityIndex> {
  const { unit, date } = request;
  const from = request.from ?? null;
  return readProjection(store, WARNINGS_READ_MODEL, async (read, table) => {
    const cases = await read.all<{ township: string; n: number | string }>(
      `SELECT township_code AS township, COUNT(*) AS n FROM ${table(ACTIVE_CASES_TABLE)}
       WHERE township_code LIKE ? AND programme IN (${ONGOING_PROGRAMMES.map(() => '?').join(', ')})
         AND approved_on IS NOT NULL AND approved_on <= ? AND (ended_on IS NULL OR ended_on > ?)
       GROUP BY township_code`,
      [prefix(unit), ...ONGOING_PROGRAMMES, date, date],
    );
    const inWindow = `raised_on <= ? AND raised_on >= ?`;
    const closedBy = `closed_on IS NOT NULL AND closed_on <= ?`;
    const warnings = await read.all<Record<'township' | 'warnings' | 'closed' | 'confirmed' | 'overdue', number | string | null>>(
      `SELECT township_code AS township,
         SUM(CASE WHEN ${inWindow} THEN 1 ELSE 0 END) AS warnings,
         SUM(CASE WHEN ${inWindow} AND ${closedBy} THEN 1 ELSE 0 END) AS closed,
         SUM(CASE WHEN ${inWindow} AND ${closedBy} AND finding = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
         SUM(CASE WHEN NOT (${closedBy}) AND close_by < ? THEN 1 ELSE 0 END) AS overdue
       FROM ${table(WARNINGS_TABLE)} WHERE township_code LIKE ? AND raised_on <= ?
       GROUP BY township_code`,
      [date, from ?? '', date, from ?? '', date, date, from ?? '', date, date, date, prefix(unit), date],
    );
    const byTownship = new Map<string, Counts>();
    const counts = (township: string): Counts => {
      let found = byTownship.get(township);
      if (!found) byTownship.set(township, (found = { activeCases: 0, warnings: 0, closed: 0, confirmed: 0, overdueCloseOuts: 0 }));
      return found;
    };
    for (const row of cases) counts(row.township).activeCases = Number(row.n);
    for (const row of warnings) {
      const c = counts(String(row.township));
      c.warnings = Number(row.warnings ?? 0);
      c.closed = Number(row.closed ?? 0);
      c.confirmed = Number(row.confirmed ?? 0);
      c.overdueCloseOuts = Number(row.overdue ?? 0);
    }
    const townships = [...byTownship]
      // A case whose application was never seen has no township to be counted in.
      .filter(([township]) => township !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([township, c]) => ({ township, ...figures(c) }));
    const sum = (key: keyof Counts) => townships.reduce((total, t) => total + t[key], 0);
    const total = figures({
      activeCases: sum('activeCases'),
      warnings: sum('warnings'),
      closed: sum('closed'),
      confirmed: sum('confirmed'),
      overdueCloseOuts: sum('overdueCloseOuts'),
    });
    return { unit, date, from, townships, total };
  });
}

function figures(c: Counts): IntegrityFigures {
  return {
    activeCases: c.activeCases,
    warnings: c.warnings,
    closed: c.closed,
    confirmed: c.confirmed,
    dismissed: c.closed - c.confirmed,
    warningsPer100Cases: c.activeCases === 0 ? null : round((c.warnings * 100) / c.activeCases, 2),
    confirmedRatio: c.closed === 0 ? null : round(c.confirmed / c.closed, 3),
    overdueCloseOuts: c.overdueCloseOuts,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
