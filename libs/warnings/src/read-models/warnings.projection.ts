import type { CaseApproved, CaseTerminated, ApplicationSubmitted } from '@app/assistance-cases';
import { dateInChina } from '@app/calendar';
import type { RecordedEvent } from '@app/ledger';
import type { Projection, ReadStoreTx, TableName } from '@app/projections';
import { WARNING_EVENT_TYPES, WARNING_STREAM_PREFIX, type WarningEvent } from '../warning.events';
import { type AlertView, evolveAlert } from './alert.view';

export const WARNINGS_READ_MODEL = 'warnings';
export const WARNINGS_TABLE = 'warnings';
export const ACTIVE_CASES_TABLE = 'cases';

const CASE_STREAM_PREFIX = 'case-';

type IndexCaseEvent = ApplicationSubmitted | CaseApproved | CaseTerminated;

/**
 * The case events the township integrity index counts active cases from: where a case is
 * (application), when it came on the rolls (approval) and when it left them (termination, also
 * the one a death of the last member brings). Suspension keeps a case on the rolls.
 */
export const INDEX_CASE_EVENT_TYPES: readonly IndexCaseEvent['type'][] = Object.freeze([
  'ApplicationSubmitted',
  'CaseApproved',
  'CaseTerminated',
]);

export const WARNINGS_EVENT_TYPES: readonly string[] = Object.freeze([...WARNING_EVENT_TYPES, ...INDEX_CASE_EVENT_TYPES]);

/**
 * Open warnings by jurisdiction, rule, severity, status, level and age, and the township integrity
 * index (DESIGN §5). One row per warning: the alert folded with `evolveAlert` (kept whole as JSON,
 * so a list and the alert stream show the same thing) with the columns the queries filter on; and
 * one row per case with its township, programme, approval and termination dates, so active cases
 * can be counted as of any day. Runs async, checkpointed beside its rows.
 */
export const warningsProjection: Projection = {
  name: WARNINGS_READ_MODEL,
  version: 1,
  runsWhere: 'async',
  handles: WARNINGS_EVENT_TYPES,
  tables: [WARNINGS_TABLE, ACTIVE_CASES_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const w = table(WARNINGS_TABLE);
    const c = table(ACTIVE_CASES_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${w} (
        warning_id TEXT PRIMARY KEY,
        township_code TEXT NOT NULL,
        county_code TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        level TEXT,
        raised_at TEXT NOT NULL,
        raised_on TEXT NOT NULL,
        close_by TEXT NOT NULL,
        closed_on TEXT,
        finding TEXT,
        last_revision BIGINT NOT NULL,
        last_checkpoint TEXT NOT NULL,
        view TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${w}_county ON ${w} (county_code, status, raised_at);
      CREATE INDEX IF NOT EXISTS ${w}_township ON ${w} (township_code, status, raised_at);
      CREATE TABLE IF NOT EXISTS ${c} (
        case_id TEXT PRIMARY KEY,
        township_code TEXT NOT NULL,
        programme TEXT,
        approved_on TEXT,
        ended_on TEXT,
        updated_revision BIGINT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${c}_township ON ${c} (township_code, approved_on);
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    // Other contexts may use an event type of the same name on their own streams.
    if (event.streamId.startsWith(WARNING_STREAM_PREFIX)) {
      if ((WARNING_EVENT_TYPES as readonly string[]).includes(event.type)) {
        await applyWarningEvent(tx, table(WARNINGS_TABLE), event as unknown as RecordedEvent<WarningEvent>);
      }
      return;
    }
    if (event.streamId.startsWith(CASE_STREAM_PREFIX)) {
      const caseId = event.streamId.slice(CASE_STREAM_PREFIX.length);
      await applyCaseEvent(tx, table(ACTIVE_CASES_TABLE), caseId, event as unknown as RecordedEvent<IndexCaseEvent>);
    }
  },
};

async function applyWarningEvent(tx: ReadStoreTx, w: string, event: RecordedEvent<WarningEvent>): Promise<void> {
  const warningId = event.data.warningId;
  const existing = await tx.get<{ last_revision: number | string; view: string }>(
    `SELECT last_revision, view FROM ${w} WHERE warning_id = ?`,
    [warningId],
  );
  // A batch offered again after an unclean stop: the row has already taken this event.
  if (existing && Number(existing.last_revision) >= Number(event.revision)) return;
  const before = existing ? (JSON.parse(existing.view) as AlertView) : undefined;
  const view = evolveAlert(before, event);
  if (!view) return;
  const values = [
    view.jurisdiction.township,
    view.jurisdiction.county,
    view.ruleId,
    view.severity,
    view.status,
    view.level,
    new Date(view.raisedAt).toISOString(),
    dateInChina(view.raisedAt),
    view.closeBy,
    view.closed ? dateInChina(view.closed.at) : null,
    view.closed?.finding ?? null,
    view.revision,
    view.checkpoint,
    JSON.stringify(view),
    warningId,
  ];
  if (existing) {
    await tx.run(
      `UPDATE ${w} SET township_code = ?, county_code = ?, rule_id = ?, severity = ?, status = ?, level = ?, raised_at = ?,
         raised_on = ?, close_by = ?, closed_on = ?, finding = ?, last_revision = ?, last_checkpoint = ?, view = ?
       WHERE warning_id = ?`,
      values,
    );
  } else {
    await tx.run(
      `INSERT INTO ${w} (township_code, county_code, rule_id, severity, status, level, raised_at, raised_on, close_by,
         closed_on, finding, last_revision, last_checkpoint, view, warning_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      values,
    );
  }
}

async function applyCaseEvent(tx: ReadStoreTx, c: string, caseId: string, event: RecordedEvent<IndexCaseEvent>): Promise<void> {
  const revision = Number(event.revision);
  const existing = await tx.get<{ updated_revision: number | string }>(`SELECT updated_revision FROM ${c} WHERE case_id = ?`, [caseId]);
  if (existing && Number(existing.updated_revision) >= revision) return;
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const township = typeof event.data.townshipCode === 'string' ? event.data.townshipCode : '';
      await tx.run(
        `INSERT INTO ${c} (case_id, township_code, programme, approved_on, ended_on, updated_revision) VALUES (?, ?, ?, NULL, NULL, ?)
         ON CONFLICT (case_id) DO UPDATE SET township_code = excluded.township_code, programme = excluded.programme,
           updated_revision = excluded.updated_revision`,
        [caseId, township, event.data.programme ?? null, revision],
      );
      return;
    }
    case 'CaseApproved':
      await upsertCase(tx, c, caseId, revision, 'programme = ?, approved_on = ?', [event.data.programme, event.data.decidedOn]);
      return;
    case 'CaseTerminated':
      await upsertCase(tx, c, caseId, revision, 'ended_on = ?', [event.data.decidedOn]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** A case whose application was never seen still counts, in no township (''). */
async function upsertCase(tx: ReadStoreTx, c: string, caseId: string, revision: number, set: string, values: unknown[]): Promise<void> {
  const changed = await tx.run(`UPDATE ${c} SET ${set}, updated_revision = ? WHERE case_id = ?`, [...values, revision, caseId]);
  if (changed > 0) return;
  await tx.run(`INSERT INTO ${c} (case_id, township_code, updated_revision) VALUES (?, '', ?)`, [caseId, revision]);
  await tx.run(`UPDATE ${c} SET ${set} WHERE case_id = ?`, [...values, caseId]);
}
