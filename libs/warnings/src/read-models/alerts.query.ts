import { dateInChina } from '@app/calendar';
import type { Checkpoint } from '@app/ledger';
import { liveBuild } from '@app/projections/projection-bookkeeping';
import { type ReadStore, readProjection, tableName } from '@app/projections';
import type { Severity } from '../rules/integrity-rule';
import type { RoutingLevel } from '../warning.events';
import { type AlertStatus, type AlertView, isAcknowledgementLate, isCloseOutOverdue } from './alert.view';
import { WARNINGS_READ_MODEL, WARNINGS_TABLE } from './warnings.projection';

export const ALERTS_MAX_PAGE_SIZE = 100;

export interface AlertFilter {
  /** The caller's unit: only warnings of townships it covers. */
  readonly unit: string;
  readonly township?: string;
  readonly county?: string;
  /** Any of these (each list: empty or absent means any). */
  readonly rules?: readonly string[];
  readonly severities?: readonly Severity[];
  readonly statuses?: readonly AlertStatus[];
  readonly levels?: readonly RoutingLevel[];
  /** Only warnings raised before this instant (`olderThanDays` before now). */
  readonly raisedBefore?: string;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

/** An alert as listed: its view and what is judged at query time. */
export type AlertListItem = AlertView & {
  /** Whole days since it was raised. */
  readonly ageDays: number;
  /** Still open past its close-out date. */
  readonly closeOverdue: boolean;
  /** Waiting for an acknowledgement past its deadline (the escalation is due). */
  readonly acknowledgementOverdue: boolean;
};

export interface AlertPage {
  readonly items: readonly AlertListItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** Newest first. */
export async function queryAlerts(store: ReadStore, filter: AlertFilter, now: string): Promise<AlertPage> {
  if (!Number.isSafeInteger(filter.page) || filter.page < 1) throw new RangeError('page must be a whole number from 1');
  if (!Number.isSafeInteger(filter.pageSize) || filter.pageSize < 1 || filter.pageSize > ALERTS_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${ALERTS_MAX_PAGE_SIZE}`);
  }
  const where = ['township_code LIKE ?'];
  const params: unknown[] = [prefix(filter.unit)];
  if (filter.township) where.push('township_code = ?'), params.push(filter.township);
  if (filter.county) where.push('county_code = ?'), params.push(filter.county);
  anyOf(where, params, 'rule_id', filter.rules);
  anyOf(where, params, 'severity', filter.severities);
  anyOf(where, params, 'status', filter.statuses);
  anyOf(where, params, 'level', filter.levels);
  if (filter.raisedBefore) where.push('raised_at < ?'), params.push(new Date(filter.raisedBefore).toISOString());
  return readProjection(store, WARNINGS_READ_MODEL, async (read, table) => {
    const sql = `FROM ${table(WARNINGS_TABLE)} WHERE ${where.join(' AND ')}`;
    const counted = await read.get<{ n: number | string }>(`SELECT COUNT(*) AS n ${sql}`, params);
    const rows = await read.all<{ view: string }>(`SELECT view ${sql} ORDER BY raised_at DESC, warning_id LIMIT ? OFFSET ?`, [
      ...params,
      filter.pageSize,
      (filter.page - 1) * filter.pageSize,
    ]);
    return {
      items: rows.map((row) => listItem(JSON.parse(row.view) as AlertView, now)),
      page: filter.page,
      pageSize: filter.pageSize,
      total: Number(counted?.n ?? 0),
    };
  });
}

export function listItem(view: AlertView, now: string): AlertListItem {
  return {
    ...view,
    ageDays: Math.max(0, Math.floor((Date.parse(now) - Date.parse(view.raisedAt)) / 86_400_000)),
    closeOverdue: isCloseOutOverdue(view, dateInChina(now)),
    acknowledgementOverdue: isAcknowledgementLate(view, now),
  };
}

export interface OpenAlertsSnapshot {
  /** The read model's checkpoint when the rows were read: every warning event up to it is in them. */
  readonly checkpoint: Checkpoint;
  /** Unclosed warnings under the unit, oldest first. */
  readonly alerts: readonly AlertView[];
}

/**
 * The unclosed warnings under a unit together with the checkpoint they are exact at, read in one
 * statement (one snapshot on either store, and the runner commits rows and checkpoint together):
 * a reader that follows the log from that checkpoint misses no warning event and sees none twice.
 */
export async function openAlertsSnapshot(store: ReadStore, unit: string): Promise<OpenAlertsSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const serving = await liveBuild(store, WARNINGS_READ_MODEL);
    if (!serving) throw new RangeError(`projection ${WARNINGS_READ_MODEL} has no tables yet`);
    try {
      const rows = await store.all<{ checkpoint: string; view: string | null }>(
        `SELECT c.checkpoint AS checkpoint, w.view AS view
         FROM projection_checkpoints c
         LEFT JOIN ${tableName(serving)(WARNINGS_TABLE)} w ON w.status <> 'closed' AND w.township_code LIKE ?
         WHERE c.name = ? AND c.version = ? AND c.generation = ?
         ORDER BY w.raised_at, w.warning_id`,
        [prefix(unit), serving.name, serving.version, serving.generation],
      );
      // The serving build switched between looking it up and reading it: read the new one.
      if (rows.length === 0) throw Object.assign(new Error('no such table: the serving build moved'), { code: '42P01' });
      return {
        checkpoint: rows[0].checkpoint,
        alerts: rows.filter((row) => row.view !== null).map((row) => JSON.parse(row.view as string) as AlertView),
      };
    } catch (error) {
      if (attempt > 2 || !isMissingTable(error)) throw error;
    }
  }
}

function isMissingTable(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42P01' || /no such table/.test(message ?? '');
}

function anyOf(where: string[], params: unknown[], column: string, values: readonly string[] | undefined): void {
  if (!values || values.length === 0) return;
  where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  params.push(...values);
}

/** A unit code as a LIKE prefix; codes are digits, but a stray wildcard must never widen it. */
export function prefix(unit: string): string {
  return `${unit.replace(/[%_\\]/g, '')}%`;
}
