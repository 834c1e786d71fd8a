import { fold } from '@app/ledger';
import type { RecordedEvent } from '@app/ledger';
import { readProjection, type ReadStore } from '@app/projections';
import { readWholeLog } from '../../ledger/test/fixtures';
import {
  expectSameRowsRebuiltAndReplayed,
  offerEveryEventAgain,
  openPostgresHarness,
  openSqliteHarness,
  projectToHead,
  type ReadModelHarness,
} from '../../projections/test/read-model-harness';
import { describeWithPostgres } from '../../../test/support/postgres';
import { inspectionDecider } from '../src/inspection.decider';
import { INSPECTION_EVENT_TYPES, inspectionStreamId, type InspectionEvent } from '../src/inspection.events';
import { CAMPAIGNS_TABLE, INSPECTION_CAMPAIGNS, inspectionCampaignsProjection, readCampaign } from '../src/read-models/inspection-campaigns.projection';
import { campaignReport } from '../src/read-models/inspection-report';
import { appendInspectionLog, HOUSEHOLD_A, inspectionLog } from './inspection-log.fixture';
import { COUNTY } from './inspection.fixtures';

const WAIT_MS = 20_000;

const project = (harness: ReadModelHarness, readStore: ReadStore) =>
  projectToHead(harness.store, readStore, inspectionCampaignsProjection, { batchSize: 4, waitMs: WAIT_MS });

/** Every row, revisions as numbers (PostgreSQL answers BIGINT as a string). */
function allRows(readStore: ReadStore): Promise<Record<string, unknown>[]> {
  return readProjection(readStore, INSPECTION_CAMPAIGNS, async (read, table) =>
    (await read.all<Record<string, unknown>>(`SELECT * FROM ${table(CAMPAIGNS_TABLE)} ORDER BY campaign_id`)).map((row) => ({
      ...row,
      last_revision: Number(row.last_revision),
    })),
  );
}

function inspectionCampaignsSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the inspection_campaigns read model on ${label}`, () => {
    let harness: ReadModelHarness;
    const log = inspectionLog();

    beforeAll(async () => {
      harness = await open();
      await appendInspectionLog(harness.store, log);
      await project(harness, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    it('is fed every event type it handles, a rejected verification among them', async () => {
      const events = await readWholeLog(harness.store);
      const types = new Set(events.map((e) => e.type));
      expect(INSPECTION_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
      expect(events.some((e) => e.type === 'RectificationVerified' && (e.data as { accepted: boolean }).accepted === false)).toBe(true);
    });

    it('keeps one row per campaign, with its unit, and the state the stream folds to at the revision it reflects', async () => {
      const rows = await allRows(harness.readStore);
      expect(rows.map((r) => [r.campaign_id, r.unit])).toEqual([['camp-1', COUNTY], ['camp-2', '330603']]);
      for (const campaignId of ['camp-1', 'camp-2']) {
        const stream = (await harness.store.readStream(inspectionStreamId(campaignId))) as RecordedEvent<InspectionEvent>[];
        const found = await readCampaign(harness.readStore, campaignId);
        expect(found).toEqual({ state: fold(inspectionDecider, stream), revision: Number(stream.at(-1)!.revision) });
      }
      expect(await readCampaign(harness.readStore, 'camp-404')).toBeUndefined();
    });

    it('holds what the report needs: visits, findings with their recovery and credit record, rectifications by status', async () => {
      const { state } = (await readCampaign(harness.readStore, 'camp-1'))!;
      expect(state.visits.map((v) => [v.visitId, v.mode])).toEqual([['v-1', 'covert'], ['v-2', 'open'], ['v-3', 'open']]);
      const f1 = state.findings.find((f) => f.findingId === 'f-1')!;
      expect(f1.recoveries).toEqual([expect.objectContaining({ recoveryId: 'rec-1', orderedFen: 120_000, repaidFen: 20_000 })]);
      expect(f1.creditRecords).toEqual([{ householdId: HOUSEHOLD_A, recordId: 'cr-1', behaviour: 'concealed-changes', severity: 'serious', gradeAfter: 'serious', linkedOn: '2021-04-08' }]);
      expect(state.rectifications.map((r) => [r.rectificationId, r.status, r.rejections])).toEqual([['r-1', 'closed', 1], ['r-2', 'ordered', 0]]);
      expect(campaignReport(state, '2021-05-06')).toMatchObject({
        visits: { total: 3, open: 2, covert: 1 },
        findings: { total: 4 },
        rectifications: { total: 2, rectified: 1, closedOut: 1, overdue: 1 },
        amounts: { findingsFen: 180_000, recoveryOrderedFen: 120_000, recoveredFen: 20_000 },
      });
      expect((await readCampaign(harness.readStore, 'camp-2'))!.state).toMatchObject({ draw: null, visits: [], findings: [] });
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      expect(before).toHaveLength(2);
      await expectSameRowsRebuiltAndReplayed(harness, inspectionCampaignsProjection, (fresh) => project(harness, fresh), allRows, before);
      await offerEveryEventAgain(harness.store, harness.readStore, inspectionCampaignsProjection);
      expect(await allRows(harness.readStore)).toEqual(before);
    }, 60_000);
  });
}

inspectionCampaignsSuite('SQLite', () => openSqliteHarness('inspection-campaigns'));

describeWithPostgres('PostgreSQL', () => {
  inspectionCampaignsSuite('PostgreSQL', () => openPostgresHarness('inspection_campaigns'));
});
