import type { ReadStore } from '@app/projections';
import { warningsProjection } from '@app/warnings/read-models/warnings.projection';
import { readWholeLog } from '../../ledger/test/fixtures';
import {
  offerEveryEventAgain,
  openPostgresHarness,
  openSqliteHarness,
  projectToHead,
  type ReadModelHarness,
} from '../../projections/test/read-model-harness';
import { describeWithPostgres } from '../../../test/support/postgres';
import { INSPECTION_EVENT_TYPES } from '../src/inspection.events';
import { inspectionCampaignsProjection } from '../src/read-models/inspection-campaigns.projection';
import { integrityFigures, type IntegrityFiguresRequest } from '../src/read-models/integrity-figures.query';
import { appendInspectionLog, inspectionLog, T3 } from './inspection-log.fixture';
import { T1, T2 } from './inspection.fixtures';

const WAIT_MS = 20_000;
/** The figures read these, and only these, event types (the warnings read model's case events are not counted). */
const FIGURE_EVENT_TYPES = [...INSPECTION_EVENT_TYPES, 'WarningRaised', 'WarningClosed'];

async function project(harness: ReadModelHarness, readStore: ReadStore): Promise<void> {
  for (const projection of [inspectionCampaignsProjection, warningsProjection]) {
    await projectToHead(harness.store, readStore, projection, { batchSize: 4, waitMs: WAIT_MS });
  }
}

function integrityFiguresSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`township and official integrity figures on ${label}`, () => {
    let harness: ReadModelHarness;
    const log = inspectionLog();
    const sampledIn = (township: string) => log.sampleTownships.filter((t) => t === township).length;
    const figures = (request: Partial<IntegrityFiguresRequest> = {}, readStore?: ReadStore) =>
      integrityFigures(readStore ?? harness.readStore, { unit: '330602', from: '2021-04-01', to: '2021-06-30', ...request });

    beforeAll(async () => {
      harness = await open();
      await appendInspectionLog(harness.store, log);
      await project(harness, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    it('is fed every event type it counts', async () => {
      const types = new Set((await readWholeLog(harness.store)).map((e) => e.type));
      expect(FIGURE_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
    });

    it('gives each street its sampled and visited cases, error rate, findings, confirmed warnings and overdue rectifications', async () => {
      const answer = await figures();
      expect(answer).toMatchObject({ unit: '330602', from: '2021-04-01', to: '2021-06-30' });
      expect(answer.townships).toEqual([
        { township: T1, sampledCases: sampledIn(T1), visitedSampledCases: 1, sampledCasesWithFinding: 1, spotCheckErrorRate: 1, findings: 2, findingsAmountFen: 120_000, confirmedWarnings: 1, overdueRectifications: 1 },
        { township: T2, sampledCases: sampledIn(T2), visitedSampledCases: 1, sampledCasesWithFinding: 0, spotCheckErrorRate: 0, findings: 1, findingsAmountFen: 50_000, confirmedWarnings: 0, overdueRectifications: 0 },
      ]);
    });

    it('gives each responsible official their findings by class and amounts', async () => {
      expect((await figures()).officials).toEqual([
        { official: 'clerk-1', townships: [T1], findings: 1, amountFen: 0, byClass: [{ findingClass: 'publicity-irregular', name: '公示不规范', count: 1, amountFen: 0 }] },
        {
          official: 'village-1', townships: [T1], findings: 2, amountFen: 120_000,
          byClass: [{ findingClass: 'favour-based', name: '人情保', count: 1, amountFen: 120_000 }, { findingClass: 'publicity-irregular', name: '公示不规范', count: 1, amountFen: 0 }],
        },
        { official: 'village-2', townships: [T2], findings: 1, amountFen: 50_000, byClass: [{ findingClass: 'wrongful-inclusion', name: '错保', count: 1, amountFen: 50_000 }] },
      ]);
    });

    it('moves with the window, and narrows to a street or widens to the city', async () => {
      const july = await figures({ to: '2021-07-31' });
      expect(july.townships.find((t) => t.township === T1)).toMatchObject({ confirmedWarnings: 2 });
      expect(july.townships.find((t) => t.township === T2)).toMatchObject({ sampledCasesWithFinding: 1, spotCheckErrorRate: 1, findings: 2, findingsAmountFen: 60_000 });
      expect((await figures({ to: '2021-04-20' })).townships.map((t) => t.overdueRectifications)).toEqual([0, 0]);
      const april = await figures({ from: '2021-04-08', to: '2021-04-30' });
      expect(april.townships.map((t) => [t.township, t.sampledCases, t.visitedSampledCases, t.findings])).toEqual([[T1, 0, 0, 0]]);
      expect((await figures({ unit: T1 })).townships.map((t) => t.township)).toEqual([T1]);
      const city = await figures({ unit: '3306' });
      expect(city.townships.map((t) => t.township)).toEqual([T1, T2, T3]);
      expect(city.townships.find((t) => t.township === T3)).toMatchObject({ sampledCases: 0, findings: 0, confirmedWarnings: 1, spotCheckErrorRate: null });
      expect((await figures({ unit: '330604' })).townships).toEqual([]);
    });

    it('answers the same after a build from scratch, and when every event is offered twice', async () => {
      const before = [await figures(), await figures({ unit: '3306', from: undefined, to: '2021-12-31' })];
      const fresh = await harness.openFresh();
      await project(harness, fresh);
      expect([await figures({}, fresh), await figures({ unit: '3306', from: undefined, to: '2021-12-31' }, fresh)]).toEqual(before);
      for (const projection of [inspectionCampaignsProjection, warningsProjection]) {
        await offerEveryEventAgain(harness.store, harness.readStore, projection);
      }
      expect([await figures(), await figures({ unit: '3306', from: undefined, to: '2021-12-31' })]).toEqual(before);
    }, 60_000);
  });
}

integrityFiguresSuite('SQLite', () => openSqliteHarness('integrity-figures'));

describeWithPostgres('PostgreSQL', () => {
  integrityFiguresSuite('PostgreSQL', () => openPostgresHarness('integrity_figures'));
});
