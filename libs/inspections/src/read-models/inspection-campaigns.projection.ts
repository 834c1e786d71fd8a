import type { RecordedEvent } from '@app/ledger';
import { type Projection, type ReadStore, type ReadStoreTx, readProjection, type TableName } from '@app/projections';
import { INSPECTION_EVENT_TYPES, INSPECTION_STREAM_PREFIX, type InspectionEvent } from '../inspection.events';
import { evolveInspection, initialInspectionState, type InspectionState } from '../inspection.state';

export const INSPECTION_CAMPAIGNS = 'inspection_campaigns';
export const CAMPAIGNS_TABLE = 'campaigns';

/**
 * Special inspection campaigns (DESIGN §5 "inspection campaign reports"): one row per campaign
 * with its unit and the campaign folded whole with the context's own evolve (sample, visits,
 * findings by class, rectifications and their status, linked recoveries), kept as JSON; whether a
 * rectification is overdue depends on the day, so the report works it out at query time. Runs
 * async, checkpointed beside its rows; an event offered twice is skipped by its revision.
 */
export const inspectionCampaignsProjection: Projection = {
  name: INSPECTION_CAMPAIGNS,
  // 2: findings carry their credit-record links (InspectionCreditRecordLinked); rows are rebuilt.
  version: 2,
  runsWhere: 'async',
  handles: INSPECTION_EVENT_TYPES,
  tables: [CAMPAIGNS_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const c = table(CAMPAIGNS_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${c} (
        campaign_id TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        last_revision BIGINT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${c}_unit ON ${c} (unit, opened_at);
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    if (!event.streamId.startsWith(INSPECTION_STREAM_PREFIX)) return;
    const c = table(CAMPAIGNS_TABLE);
    const campaignId = event.streamId.slice(INSPECTION_STREAM_PREFIX.length);
    const row = await tx.get<{ last_revision: number | string; state: string }>(`SELECT last_revision, state FROM ${c} WHERE campaign_id = ?`, [campaignId]);
    if (row && Number(row.last_revision) >= Number(event.revision)) return;
    const before = row ? (JSON.parse(row.state) as InspectionState) : initialInspectionState();
    const after = evolveInspection(before, event as unknown as RecordedEvent<InspectionEvent>);
    if (after.campaignId === null) return;
    const values = [after.unit, after.openedAt ?? '', Number(event.revision), JSON.stringify(after), campaignId];
    if (row) await tx.run(`UPDATE ${c} SET unit = ?, opened_at = ?, last_revision = ?, state = ? WHERE campaign_id = ?`, values);
    else await tx.run(`INSERT INTO ${c} (unit, opened_at, last_revision, state, campaign_id) VALUES (?, ?, ?, ?, ?)`, values);
  },
};

/** A campaign as the read model holds it, with the revision it reflects; undefined when unknown. */
export function readCampaign(store: ReadStore, campaignId: string): Promise<{ state: InspectionState; revision: number } | undefined> {
  return readProjection(store, INSPECTION_CAMPAIGNS, async (read, table) => {
    const row = await read.get<{ last_revision: number | string; state: string }>(
      `SELECT last_revision, state FROM ${table(CAMPAIGNS_TABLE)} WHERE campaign_id = ?`,
      [campaignId],
    );
    return row && { state: JSON.parse(row.state) as InspectionState, revision: Number(row.last_revision) };
  });
}
