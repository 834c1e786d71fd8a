import { createWorkingCalendar, dateInChina, type WorkingCalendar } from '@app/calendar';
import { type ReadStore, readProjection } from '@app/projections';
import type { Role } from '@app/platform/roles';
import type { CaseStatus } from '../case.state';
import { WORK_QUEUE, WORK_QUEUE_TABLE } from './work-queue.projection';

export const WORK_QUEUE_MAX_PAGE_SIZE = 100;

export type WorkQueueSort = 'due' | 'updated';

export interface WorkQueueFilter {
  /** A township code, or a county (or city) code for every township under it. */
  readonly unitCode: string;
  readonly role?: Role;
  readonly status?: CaseStatus;
  readonly overdueOnly?: boolean;
  readonly sort: WorkQueueSort;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface WorkQueueItem {
  readonly caseId: string;
  readonly townshipCode: string;
  readonly programme: string | null;
  readonly status: CaseStatus;
  readonly nextStep: string;
  readonly roles: readonly Role[];
  /** Whose staff take the step: the township, or its county. */
  readonly unit: string;
  readonly dueBy: string | null;
  readonly overdue: boolean;
  /**
   * Working days from today to dueBy, as of the query: 0 on the last day, negative once overdue
   * (-2: two working days past it). Never stored, since it changes every working day.
   */
  readonly workingDaysLeft: number | null;
  /** Set while the step may not be taken yet (the day after publicity ends). */
  readonly notBefore: string | null;
  readonly nearRelative: boolean;
  readonly countyVisitPending: readonly string[];
  readonly revision: number;
  readonly updatedAt: string;
}

export interface WorkQueuePage {
  readonly items: readonly WorkQueueItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

interface Row {
  case_id: string;
  township_code: string;
  programme: string | null;
  status: CaseStatus;
  next_step: string;
  roles: string;
  unit: string;
  due_by: string | null;
  not_before: string | null;
  near_relative: number | string;
  county_visit_pending: string;
  updated_revision: number | string;
  updated_at: string;
}

const ORDER: Record<WorkQueueSort, string> = {
  due: 'CASE WHEN due_by IS NULL THEN 1 ELSE 0 END, due_by, case_id',
  updated: 'updated_at DESC, case_id',
};

/**
 * The open cases under a unit, as of `today` (a date or an instant, read in China time). Overdue is
 * judged here: the due dates in the rows already count working days, and the working days left are
 * counted on `calendar` (the one the deadlines were set with).
 */
export async function queryWorkQueue(
  store: ReadStore,
  filter: WorkQueueFilter,
  today: string,
  calendar: WorkingCalendar = DEFAULT_CALENDAR,
): Promise<WorkQueuePage> {
  if (!Number.isSafeInteger(filter.page) || filter.page < 1) throw new RangeError('page must be a whole number from 1');
  if (!Number.isSafeInteger(filter.pageSize) || filter.pageSize < 1 || filter.pageSize > WORK_QUEUE_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${WORK_QUEUE_MAX_PAGE_SIZE}`);
  }
  const day = dateInChina(today);
  const where = ['is_open = 1', 'township_code LIKE ?'];
  const params: unknown[] = [`${filter.unitCode.replace(/[%_]/g, '')}%`];
  if (filter.role) where.push('roles LIKE ?'), params.push(`%"${filter.role}"%`);
  if (filter.status) where.push('status = ?'), params.push(filter.status);
  if (filter.overdueOnly) where.push('due_by IS NOT NULL AND due_by < ?'), params.push(day);
  return readProjection(store, WORK_QUEUE, async (read, table) => {
    const t = table(WORK_QUEUE_TABLE);
    const sql = `FROM ${t} WHERE ${where.join(' AND ')}`;
    const counted = await read.get<{ n: number | string }>(`SELECT COUNT(*) AS n ${sql}`, params);
    const rows = await read.all<Row>(
      `SELECT case_id, township_code, programme, status, next_step, roles, unit, due_by, not_before, near_relative,
         county_visit_pending, updated_revision, updated_at ${sql} ORDER BY ${ORDER[filter.sort]} LIMIT ? OFFSET ?`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return {
      items: rows.map((row) => itemOf(row, day, calendar)),
      page: filter.page,
      pageSize: filter.pageSize,
      total: Number(counted?.n ?? 0),
    };
  });
}

const DEFAULT_CALENDAR = createWorkingCalendar();

/** Working days from `today` until `dueBy`: positive before it, 0 on it, minus those passed since. */
export function workingDaysLeft(calendar: WorkingCalendar, today: string, dueBy: string | null): number | null {
  // `|| 0`: a Saturday after a Friday deadline is overdue by no working day yet, 0 rather than -0.
  return dueBy === null ? null : calendar.workingDaysBetween(today, dueBy) || 0;
}

function itemOf(row: Row, day: string, calendar: WorkingCalendar): WorkQueueItem {
  return {
    caseId: row.case_id,
    townshipCode: row.township_code,
    programme: row.programme,
    status: row.status,
    nextStep: row.next_step,
    roles: JSON.parse(row.roles) as Role[],
    unit: row.unit,
    dueBy: row.due_by,
    overdue: row.due_by !== null && day > row.due_by,
    workingDaysLeft: workingDaysLeft(calendar, day, row.due_by),
    notBefore: row.not_before !== null && day < row.not_before ? row.not_before : null,
    nearRelative: Number(row.near_relative) === 1,
    countyVisitPending: JSON.parse(row.county_visit_pending) as string[],
    revision: Number(row.updated_revision),
    updatedAt: row.updated_at,
  };
}
