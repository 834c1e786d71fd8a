import { type ReadStore, readProjection } from '@app/projections';
import type { CreditState } from '../credit.decider';
import { type Grade, GRADE_LABELS, GRADES } from '../credit.events';
import { HOUSEHOLD_CREDIT, HOUSEHOLDS_TABLE } from './household-credit.projection';

export interface CreditListFilter {
  /** The reader's unit: nothing outside it is listed. */
  readonly within: string;
  readonly township?: string;
  readonly grade?: Grade;
  /** Local date 'YYYY-MM-DD': a ban whose last day is before it is no longer active. */
  readonly today: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface HouseholdCreditRow {
  readonly householdId: string;
  readonly townshipCode: string | null;
  readonly grade: Grade;
  readonly gradeLabel: string;
  /** The last day of the ban in force today; null when none. */
  readonly activeBanUntil: string | null;
  readonly records: CreditState['records'];
  readonly history: CreditState['evaluations'];
  readonly revision: number;
}

export interface CreditListPage {
  readonly totals: Readonly<Record<Grade, number>>;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly HouseholdCreditRow[];
}

interface Row {
  household_id: string;
  township_code: string | null;
  grade: Grade;
  ban_until: string | null;
  state: string;
  updated_revision: number | string;
}

/** Households with credit records within a unit, by township and grade, with totals per grade. */
export async function queryHouseholdCredit(store: ReadStore, filter: CreditListFilter): Promise<CreditListPage> {
  if (!/^\d{4}(\d{2})?(\d{3})?$/.test(filter.within)) throw new RangeError('within must be a unit code');
  if (filter.pageSize < 1 || filter.pageSize > 100 || filter.page < 1) throw new RangeError('page from 1, pageSize 1–100');
  return readProjection(store, HOUSEHOLD_CREDIT, async (read, table) => {
    const h = table(HOUSEHOLDS_TABLE);
    const where = ['township_code LIKE ?'];
    const params: unknown[] = [`${filter.within}%`];
    if (filter.township) where.push('township_code = ?'), params.push(filter.township);
    const base = `FROM ${h} WHERE ${where.join(' AND ')}`;
    const counted = await read.all<{ grade: Grade; n: number | string }>(`SELECT grade, COUNT(*) AS n ${base} GROUP BY grade`, params);
    const totals = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
    for (const row of counted) totals[row.grade] = Number(row.n);
    const graded = filter.grade ? `${base} AND grade = ?` : base;
    const gradedParams = filter.grade ? [...params, filter.grade] : params;
    const rows = await read.all<Row>(
      `SELECT household_id, township_code, grade, ban_until, state, updated_revision ${graded}
       ORDER BY township_code, household_id LIMIT ? OFFSET ?`,
      [...gradedParams, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return {
      totals,
      total: filter.grade ? totals[filter.grade] : Object.values(totals).reduce((a, b) => a + b, 0),
      page: filter.page,
      pageSize: filter.pageSize,
      items: rows.map((row) => {
        const state = JSON.parse(row.state) as CreditState;
        return {
          householdId: row.household_id,
          townshipCode: row.township_code,
          grade: row.grade,
          gradeLabel: GRADE_LABELS[row.grade],
          activeBanUntil: row.ban_until !== null && row.ban_until >= filter.today ? row.ban_until : null,
          records: state.records,
          history: state.evaluations,
          revision: Number(row.updated_revision),
        };
      }),
    };
  });
}
