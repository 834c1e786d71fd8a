import { randomUUID } from 'node:crypto';
import type { EventStore } from '@app/ledger';
import type { Actor } from '@app/ledger/envelope';
import { readProjection, type ReadStore } from '@app/projections';
import { readWholeLog } from '../../ledger/test/fixtures';
import {
  expectSameRowsRebuiltAndReplayed,
  openPostgresHarness,
  openSqliteHarness,
  projectToHead,
  type ReadModelHarness,
} from '../../projections/test/read-model-harness';
import { describeWithPostgres } from '../../../test/support/postgres';
import { RULES_ENGINE_ACTOR } from '../src/warning.commands';
import {
  ACTIVE_CASES_TABLE,
  WARNINGS_EVENT_TYPES,
  warningsProjection,
  WARNINGS_READ_MODEL,
  WARNINGS_TABLE,
} from '../src/read-models/warnings.projection';
import { type AlertFilter, openAlertsSnapshot, queryAlerts } from '../src/read-models/alerts.query';
import { integrityIndex } from '../src/read-models/integrity-index.query';

/** Two streets of 越城 (330602) and one town of 柯桥 (330603). */
const T1 = '330602001';
const T2 = '330602002';
const T3 = '330603101';
const WAIT_MS = 20_000;
const NOW = '2021-06-30T02:00:00.000Z';

const supervisor = (unit: string): Actor => ({ id: `supervisor-${unit}`, role: 'supervisor', unit });
const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: T1 };

type Fact = readonly [type: string, data: Record<string, unknown>, at: string, actor?: Actor];

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 in Shaoxing

function raised(warningId: string, township: string, ruleId: string, severity: string, raisedOn: string, closeBy: string): Fact {
  return [
    'WarningRaised',
    {
      warningId,
      ruleId,
      ruleTitle: `规则 ${ruleId}`,
      severity,
      key: `${ruleId}:${warningId}`,
      caseId: `case-of-${warningId}`,
      jurisdiction: { township, county: township.slice(0, 6) },
      evidence: [`evidence-${warningId}`],
      summary: `预警 ${warningId}`,
      details: { n: 1 },
      raisedAt: at(raisedOn),
      closeBy,
    },
    at(raisedOn),
  ];
}

const routed = (warningId: string, level: string, on: string, acknowledgeBy: string | null, actor?: Actor): Fact => [
  'WarningRouted',
  { warningId, level, routedAt: at(on), acknowledgeBy },
  at(on),
  actor,
];

const acknowledged = (warningId: string, level: string, on: string, by: Actor): Fact => [
  'WarningAcknowledged',
  { warningId, level, acknowledgedBy: by.id, acknowledgedAt: at(on), note: '已安排核实' },
  at(on),
  by,
];

const escalated = (warningId: string, from: string, to: string, on: string, acknowledgeBy: string | null): Fact => [
  'WarningEscalated',
  { warningId, from, to, reason: 'unacknowledged', note: null, escalatedAt: at(on), acknowledgeBy },
  at(on),
];

const closed = (warningId: string, finding: string, on: string, by: Actor): Fact => [
  'WarningClosed',
  { warningId, finding, reason: finding === 'confirmed' ? '属实，已追回' : '误报', evidence: finding === 'confirmed' ? ['追回凭证-1'] : [], closedBy: by.id, closedAt: at(on) },
  at(on),
  by,
];

const submitted = (caseId: string, townshipCode: string, programme = 'dibao'): Fact => [
  'ApplicationSubmitted',
  { caseId, townshipCode, programme },
  at('2021-03-01'),
  clerk,
];
const approved = (caseId: string, decidedOn: string, programme = 'dibao'): Fact => ['CaseApproved', { caseId, programme, decidedOn }, at(decidedOn), clerk];
const terminated = (caseId: string, decidedOn: string): Fact => [
  'CaseTerminated',
  { caseId, decidedOn, ground: 'income', effectiveFrom: '2021-06' },
  at(decidedOn),
  clerk,
];

/**
 * Six warnings in every state (confirmed, escalated, open and overdue, dismissed at the top level,
 * another county's, sent back down by hand) and the cases of two streets, one terminated, one of
 * 临时救助 and one never decided. Appended stream by stream, in the order of `LOG`.
 */
const LOG: readonly (readonly [streamId: string, facts: readonly Fact[]])[] = [
  ['case-c1', [submitted('c1', T1), approved('c1', '2021-03-09')]],
  ['case-c2', [submitted('c2', T1, 'tekun'), approved('c2', '2021-03-10', 'tekun')]],
  ['case-c3', [submitted('c3', T1, 'temporary'), approved('c3', '2021-03-10', 'temporary')]],
  ['case-c4', [submitted('c4', T1)]],
  ['case-c5', [submitted('c5', T2), approved('c5', '2021-04-01')]],
  ['case-c6', [submitted('c6', T1), approved('c6', '2021-03-15')]],
  ['warning-w1', [raised('w1', T1, 'payment-after-death', 'high', '2021-04-01', '2021-04-15'), routed('w1', 'county', '2021-04-01', at('2021-04-03'))]],
  ['warning-w1', [acknowledged('w1', 'county', '2021-04-02', supervisor('330602'))]],
  ['warning-w1', [closed('w1', 'confirmed', '2021-04-10', supervisor('330602'))]],
  ['warning-w2', [raised('w2', T1, 'publicity-missing', 'medium', '2021-05-01', '2021-05-20'), routed('w2', 'township', '2021-05-01', at('2021-05-05'))]],
  ['case-c2', [terminated('c2', '2021-05-20')]],
  ['warning-w2', [escalated('w2', 'township', 'county', '2021-05-06', at('2021-05-08'))]],
  ['warning-w3', [raised('w3', T2, 'shared-bank-account', 'low', '2021-06-01', '2021-06-29'), routed('w3', 'township', '2021-06-01', at('2021-06-03'))]],
  ['warning-w4', [raised('w4', T2, 'near-relative-conflict', 'critical', '2021-06-05', '2021-06-12'), routed('w4', 'discipline', '2021-06-05', null)]],
  ['warning-w4', [closed('w4', 'dismissed', '2021-06-10', { id: 'inspector-1', role: 'discipline-inspector', unit: '330602' })]],
  ['warning-w5', [raised('w5', T3, 'payment-after-death', 'high', '2021-06-01', '2021-06-15'), routed('w5', 'township', '2021-06-01', at('2021-06-03'))]],
  ['warning-w6', [raised('w6', T1, 'amount-mismatch', 'high', '2021-06-20', '2021-07-10'), routed('w6', 'county', '2021-06-20', at('2021-06-22'))]],
  ['warning-w6', [routed('w6', 'township', '2021-06-21', at('2021-06-23'), supervisor('330602'))]],
];

async function record(store: EventStore): Promise<void> {
  for (const [streamId, facts] of LOG) {
    await store.append(
      streamId,
      facts.map(([type, data, occurredAt, actor]) => ({
        eventId: randomUUID(),
        type,
        data,
        metadata: { actor: actor ?? RULES_ENGINE_ACTOR, commandId: randomUUID(), correlationId: streamId, causationId: null, occurredAt },
      })),
      { expectedRevision: 'any', commandId: randomUUID() },
    );
  }
}

const project = (store: EventStore, readStore: ReadStore) =>
  projectToHead(store, readStore, warningsProjection, { batchSize: 5, waitMs: WAIT_MS });

/** Every row of both tables, numbers as numbers. */
function allRows(readStore: ReadStore): Promise<Record<string, unknown>[][]> {
  return readProjection(readStore, WARNINGS_READ_MODEL, async (read, table) => [
    (await read.all<Record<string, unknown>>(`SELECT * FROM ${table(WARNINGS_TABLE)} ORDER BY warning_id`)).map(numbersAsNumbers),
    (await read.all<Record<string, unknown>>(`SELECT * FROM ${table(ACTIVE_CASES_TABLE)} ORDER BY case_id`)).map(numbersAsNumbers),
  ]);
}

/** PostgreSQL answers BIGINT as a string. */
const numbersAsNumbers = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([column, value]) => [column, /revision$/.test(column) && value !== null ? Number(value) : value]));

const filter = (more: Partial<AlertFilter> = {}): AlertFilter => ({ unit: '330602', page: 1, pageSize: 20, ...more });

function warningsSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the warnings read model of two streets on ${label}`, () => {
    let harness: ReadModelHarness;
    const ids = async (more: Partial<AlertFilter>) => (await queryAlerts(harness.readStore, filter(more), NOW)).items.map((a) => a.warningId);

    beforeAll(async () => {
      harness = await open();
      await record(harness.store);
      await project(harness.store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    it('is fed every event type it handles, a by-hand routing among them', async () => {
      const log = await readWholeLog(harness.store);
      const types = new Set(log.map((event) => event.type));
      expect(WARNINGS_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
      expect(log.some((event) => event.type === 'WarningRouted' && event.revision > 1n)).toBe(true);
    });

    it('holds one row per warning with its status, level, finding, deadlines and the checkpoint of its last event', async () => {
      const page = await queryAlerts(harness.readStore, filter(), NOW);
      expect(page.total).toBe(5);
      const byId = new Map(page.items.map((item) => [item.warningId, item]));
      const log = await readWholeLog(harness.store);
      const lastOf = (id: string) => log.filter((e) => e.streamId === `warning-${id}`).at(-1);
      expect(byId.get('w1')).toMatchObject({
        status: 'closed',
        level: 'county',
        severity: 'high',
        ruleId: 'payment-after-death',
        jurisdiction: { township: T1, county: '330602' },
        acknowledged: { level: 'county', by: 'supervisor-330602', at: at('2021-04-02') },
        closed: { finding: 'confirmed', by: 'supervisor-330602', at: at('2021-04-10'), evidence: ['追回凭证-1'] },
        closeBy: '2021-04-15',
        closeOverdue: false,
        acknowledgementOverdue: false,
        revision: 3,
        checkpoint: lastOf('w1')?.checkpoint,
      });
      expect(byId.get('w2')).toMatchObject({
        status: 'escalated',
        level: 'county',
        escalations: 1,
        acknowledgeBy: at('2021-05-08'),
        acknowledged: null,
        closed: null,
        closeOverdue: true,
        acknowledgementOverdue: true,
        ageDays: 60,
      });
      expect(byId.get('w3')).toMatchObject({ status: 'open', level: 'township', closeOverdue: true });
      expect(byId.get('w4')).toMatchObject({ status: 'closed', level: 'discipline', acknowledgeBy: null, closed: { finding: 'dismissed' } });
      expect(byId.get('w6')).toMatchObject({ status: 'open', level: 'township', routedAt: at('2021-06-21'), escalations: 0, closeOverdue: false });
      expect(byId.has('w5')).toBe(false);
    });

    it('is queried by jurisdiction, rule, severity, status, level and age, newest first, a page at a time', async () => {
      expect(await ids({})).toEqual(['w6', 'w4', 'w3', 'w2', 'w1']);
      expect(await ids({ unit: T2 })).toEqual(['w4', 'w3']);
      expect(await ids({ unit: '3306' })).toEqual(['w6', 'w4', 'w3', 'w5', 'w2', 'w1']);
      expect(await ids({ unit: '3306', county: '330603' })).toEqual(['w5']);
      expect(await ids({ township: T1 })).toEqual(['w6', 'w2', 'w1']);
      expect(await ids({ rules: ['payment-after-death'] })).toEqual(['w1']);
      expect(await ids({ severities: ['high', 'critical'] })).toEqual(['w6', 'w4', 'w1']);
      expect(await ids({ statuses: ['open', 'escalated', 'acknowledged'] })).toEqual(['w6', 'w3', 'w2']);
      expect(await ids({ statuses: ['closed'] })).toEqual(['w4', 'w1']);
      expect(await ids({ levels: ['county'] })).toEqual(['w2', 'w1']);
      expect(await ids({ raisedBefore: at('2021-05-15') })).toEqual(['w2', 'w1']);
      const second = await queryAlerts(harness.readStore, filter({ page: 2, pageSize: 2 }), NOW);
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 5 });
      expect(second.items.map((a) => a.warningId)).toEqual(['w3', 'w2']);
    });

    it('gives the unclosed warnings of a unit with the checkpoint they are exact at', async () => {
      const snapshot = await openAlertsSnapshot(harness.readStore, '330602');
      expect(snapshot.checkpoint).toBe((await harness.store.head()).checkpoint);
      expect(snapshot.alerts.map((a) => a.warningId)).toEqual(['w2', 'w3', 'w6']);
      expect((await openAlertsSnapshot(harness.readStore, T3)).alerts.map((a) => a.warningId)).toEqual(['w5']);
      const none = await openAlertsSnapshot(harness.readStore, '330699');
      expect(none).toEqual({ checkpoint: snapshot.checkpoint, alerts: [] });
    });

    it('takes the township integrity index on a day: per 100 active cases, confirmed ratio, overdue close-outs', async () => {
      const june = await integrityIndex(harness.readStore, { unit: '330602', date: '2021-06-30' });
      expect(june).toEqual({
        unit: '330602',
        date: '2021-06-30',
        from: null,
        townships: [
          {
            township: T1,
            activeCases: 2,
            warnings: 3,
            closed: 1,
            confirmed: 1,
            dismissed: 0,
            warningsPer100Cases: 150,
            confirmedRatio: 1,
            overdueCloseOuts: 1,
          },
          {
            township: T2,
            activeCases: 1,
            warnings: 2,
            closed: 1,
            confirmed: 0,
            dismissed: 1,
            warningsPer100Cases: 200,
            confirmedRatio: 0,
            overdueCloseOuts: 1,
          },
        ],
        total: {
          activeCases: 3,
          warnings: 5,
          closed: 2,
          confirmed: 1,
          dismissed: 1,
          warningsPer100Cases: 166.67,
          confirmedRatio: 0.5,
          overdueCloseOuts: 2,
        },
      });
      // On 1 May the 特困 case was not terminated yet, W1 was closed, W2 not yet overdue.
      const may = await integrityIndex(harness.readStore, { unit: '330602', date: '2021-05-01' });
      expect(may.townships).toEqual([
        expect.objectContaining({ township: T1, activeCases: 3, warnings: 2, closed: 1, confirmed: 1, overdueCloseOuts: 0 }),
        expect.objectContaining({ township: T2, activeCases: 1, warnings: 0, warningsPer100Cases: 0, confirmedRatio: null }),
      ]);
      const window = await integrityIndex(harness.readStore, { unit: T1, date: '2021-06-30', from: '2021-04-15' });
      expect(window.townships).toEqual([
        expect.objectContaining({ township: T1, warnings: 2, closed: 0, confirmedRatio: null, overdueCloseOuts: 1 }),
      ]);
      expect((await integrityIndex(harness.readStore, { unit: '330603', date: '2021-06-30' })).townships).toEqual([
        expect.objectContaining({ township: T3, activeCases: 0, warnings: 1, warningsPer100Cases: null, overdueCloseOuts: 1 }),
      ]);
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      expect(before[0]).toHaveLength(6);
      expect(before[1]).toHaveLength(6);
      await expectSameRowsRebuiltAndReplayed(harness, warningsProjection, (fresh) => project(harness.store, fresh), allRows, before);
    }, 60_000);
  });
}

warningsSuite('SQLite', () => openSqliteHarness('warnings-read-model'));

describeWithPostgres('PostgreSQL', () => {
  warningsSuite('PostgreSQL', () => openPostgresHarness('warnings_read_model'));
});
