import type { RecordedEvent } from '@app/ledger';
import { countyOf } from '@app/platform/jurisdiction';
import type { Projection, ReadStoreTx, TableName } from '@app/projections';
import { type CreditState, evolveCredit, initialCreditState } from '../credit.decider';
import { CREDIT_EVENT_TYPES, type CreditEvent } from '../credit.events';

export const HOUSEHOLD_CREDIT = 'household_credit';
export const HOUSEHOLDS_TABLE = 'households';

const HOUSEHOLD_STREAM_PREFIX = 'household-';

/**
 * Household credit: one row per household with its grade, ban, township and the whole folded
 * state (records with appeals and repairs, and every evaluation) as JSON, folded with the
 * decider's own evolve so the row and GET /households/:id/credit never disagree.
 *
 * Idempotent: the row keeps the stream revision of the last event it took and skips any event at
 * or below it, so a batch offered again after an unclean stop changes nothing.
 */
export const householdCreditProjection: Projection = {
  name: HOUSEHOLD_CREDIT,
  version: 1,
  runsWhere: 'async',
  handles: CREDIT_EVENT_TYPES,
  tables: [HOUSEHOLDS_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const h = table(HOUSEHOLDS_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${h} (
        household_id TEXT PRIMARY KEY,
        township_code TEXT,
        county_code TEXT,
        grade TEXT NOT NULL,
        ban_until TEXT,
        record_count INTEGER NOT NULL,
        state TEXT NOT NULL,
        updated_revision BIGINT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${h}_township ON ${h} (township_code, grade);
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    // Other contexts may write other event types to household streams; only ours reach here.
    if (!event.streamId.startsWith(HOUSEHOLD_STREAM_PREFIX)) return;
    const householdId = event.streamId.slice(HOUSEHOLD_STREAM_PREFIX.length);
    const h = table(HOUSEHOLDS_TABLE);
    const revision = Number(event.revision);
    const row = await tx.get<{ state: string; updated_revision: number | string }>(
      `SELECT state, updated_revision FROM ${h} WHERE household_id = ?`,
      [householdId],
    );
    if (row && Number(row.updated_revision) >= revision) return;
    const before: CreditState = row ? (JSON.parse(row.state) as CreditState) : initialCreditState();
    const state = evolveCredit(before, event as unknown as RecordedEvent<CreditEvent>);
    const township = state.townshipCode;
    await tx.run(
      `INSERT INTO ${h} (household_id, township_code, county_code, grade, ban_until, record_count, state, updated_revision, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (household_id) DO UPDATE SET township_code = excluded.township_code, county_code = excluded.county_code,
         grade = excluded.grade, ban_until = excluded.ban_until, record_count = excluded.record_count, state = excluded.state,
         updated_revision = excluded.updated_revision, updated_at = excluded.updated_at`,
      [
        householdId,
        township,
        township === null ? null : (countyOf(township) ?? null),
        state.grade,
        state.banUntil,
        state.records.length,
        JSON.stringify(state),
        revision,
        event.metadata.occurredAt,
      ],
    );
  },
};
