import type { RecordedEvent } from '@app/ledger';
import type { Projection, ReadStoreTx, TableName } from '@app/projections';
import { CASE_PROCEDURE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '../case.events';
import { evolveCase } from '../case.evolve';
import { nextAction } from '../case.queries';
import { type CaseState, initialCaseState } from '../case.state';

export const WORK_QUEUE = 'work_queue';
export const WORK_QUEUE_TABLE = 'cases';

const CASE_STREAM_PREFIX = 'case-';

/**
 * The events of the procedure, from application to decision, notice or emergency paperwork. The
 * management and payment events come only after approval (status approved, suspended or
 * terminated), when the procedure has nothing left to ask, and they touch no field `nextAction`
 * reads; so the state kept here is the procedure's part of the case state.
 */
export const WORK_QUEUE_EVENT_TYPES: readonly CaseEventType[] = CASE_PROCEDURE_EVENT_TYPES;

/**
 * The township work queue: one row per case with what it waits for, who may take the step and by
 * when. The row keeps the case state folded with the case's own `evolve`, so a step is derived by
 * the same `nextAction` the case view uses. A case with nothing left to do stays as a closed row
 * (is_open = 0), so that its state is at hand if a later procedure event arrives.
 */
export const workQueueProjection: Projection = {
  name: WORK_QUEUE,
  version: 1,
  runsWhere: 'async',
  handles: WORK_QUEUE_EVENT_TYPES,
  tables: [WORK_QUEUE_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const t = table(WORK_QUEUE_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${t} (
        case_id TEXT PRIMARY KEY,
        township_code TEXT NOT NULL,
        programme TEXT,
        status TEXT NOT NULL,
        is_open INTEGER NOT NULL,
        next_step TEXT,
        roles TEXT NOT NULL,
        unit TEXT,
        due_by TEXT,
        not_before TEXT,
        near_relative INTEGER NOT NULL,
        county_visit_pending TEXT NOT NULL,
        updated_revision BIGINT NOT NULL,
        updated_at TEXT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t}_township ON ${t} (township_code, is_open, due_by);
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    // Other contexts may use an event type of the same name on their own streams.
    if (!event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
    const t = table(WORK_QUEUE_TABLE);
    const caseId = event.streamId.slice(CASE_STREAM_PREFIX.length);
    const revision = Number(event.revision);
    const existing = await tx.get<{ updated_revision: number | string; state: string }>(
      `SELECT updated_revision, state FROM ${t} WHERE case_id = ?`,
      [caseId],
    );
    // A batch offered again after an unclean stop: the row has already taken this event.
    if (existing && Number(existing.updated_revision) >= revision) return;
    const before = existing ? (JSON.parse(existing.state) as CaseState) : initialCaseState();
    const state = withoutPersonalData(evolveCase(before, event as unknown as CaseEvent));
    const row = rowOf(caseId, state, revision, event.metadata.occurredAt);
    const params = [
      row.township_code,
      row.programme,
      row.status,
      row.is_open,
      row.next_step,
      row.roles,
      row.unit,
      row.due_by,
      row.not_before,
      row.near_relative,
      row.county_visit_pending,
      row.updated_revision,
      row.updated_at,
      row.state,
      caseId,
    ];
    if (existing) {
      await tx.run(
        `UPDATE ${t} SET township_code = ?, programme = ?, status = ?, is_open = ?, next_step = ?, roles = ?, unit = ?,
           due_by = ?, not_before = ?, near_relative = ?, county_visit_pending = ?, updated_revision = ?,
           updated_at = ?, state = ? WHERE case_id = ?`,
        params,
      );
    } else {
      await tx.run(
        `INSERT INTO ${t} (township_code, programme, status, is_open, next_step, roles, unit, due_by, not_before,
           near_relative, county_visit_pending, updated_revision, updated_at, state, case_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params,
      );
    }
  },
};

interface QueueRow {
  readonly township_code: string;
  readonly programme: string | null;
  readonly status: string;
  readonly is_open: number;
  readonly next_step: string | null;
  readonly roles: string;
  readonly unit: string | null;
  readonly due_by: string | null;
  readonly not_before: string | null;
  readonly near_relative: number;
  readonly county_visit_pending: string;
  readonly updated_revision: number;
  readonly updated_at: string;
  readonly state: string;
}

/** The row as of the event: the next action is judged on the day the step was taken. */
function rowOf(caseId: string, state: CaseState, revision: number, occurredAt: string): QueueRow {
  const action = nextAction(state, occurredAt);
  return {
    township_code: state.townshipCode ?? '',
    programme: state.programme,
    status: state.status,
    is_open: action === null ? 0 : 1,
    next_step: action?.step ?? null,
    roles: JSON.stringify(action?.roles ?? []),
    unit: action?.unit ?? null,
    due_by: action?.dueBy ?? null,
    not_before: action?.notBefore ?? null,
    near_relative: state.nearRelative ? 1 : 0,
    county_visit_pending: JSON.stringify(action?.countyVisitPending ?? []),
    updated_revision: revision,
    updated_at: occurredAt,
    state: JSON.stringify({ ...state, caseId: state.caseId ?? caseId }),
  };
}

/** Identity numbers stay in the ledger; the queue never needs them. */
function withoutPersonalData(state: CaseState): CaseState {
  return { ...state, personal: { memberIdNumbers: [] } };
}
