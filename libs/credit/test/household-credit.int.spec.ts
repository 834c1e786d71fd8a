import { randomUUID } from 'node:crypto';
import { type EventStore, handleCommand, load } from '@app/ledger';
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
import { CREDIT_EVENT_TYPES, type CreditCommand, createCreditDecider, DEFAULT_CREDIT_POLICY, householdIdOf, householdStreamId } from '../src';
import { HOUSEHOLD_CREDIT, HOUSEHOLDS_TABLE, householdCreditProjection } from '../src/read-models/household-credit.projection';
import { queryHouseholdCredit } from '../src/read-models/household-credit.query';
import { at, clerk, countyReviewer, keqiaoReviewer, otherReviewer, record } from './credit.fixtures';

const WAIT_MS = 20_000;
const decider = createCreditDecider(DEFAULT_CREDIT_POLICY);
const T1 = '330602001';
const T3 = '330603101';
const A = householdIdOf('330602198001010015');
const B = householdIdOf('330602198202020025');
const C = householdIdOf('33060319700707007X');

type Step = readonly [household: string, type: CreditCommand['type'], data: Record<string, unknown>, date: string, actor: typeof clerk];

/** A: forged → appeal upheld (annulled). B: concealed → appeal rejected, repayment, early repair; then a refused check. C: 柯桥, concealed death. */
const STEPS: Step[] = [
  [A, 'EnterCreditRecord', record('a1', 'forged-documents'), '2021-03-01', countyReviewer],
  [A, 'LodgeCreditAppeal', { recordId: 'a1', appealId: 'ap1', grounds: '材料真实' }, '2021-03-02', clerk],
  [A, 'DecideCreditAppeal', { recordId: 'a1', outcome: 'upheld', reasons: '复核属实' }, '2021-03-05', otherReviewer],
  [B, 'EnterCreditRecord', record('b1', 'concealed-changes', { personal: { idNumber: '330602198202020025' } }), '2021-03-01', countyReviewer],
  [B, 'LodgeCreditAppeal', { recordId: 'b1', appealId: 'ap2', grounds: '不知需报告' }, '2021-03-02', clerk],
  [B, 'DecideCreditAppeal', { recordId: 'b1', outcome: 'upheld', reasons: '情节较轻', correctedSeverity: 'general' }, '2021-03-05', otherReviewer],
  [B, 'EnterCreditRecord', record('b2', 'repayment', { personal: { idNumber: '330602198202020025' } }), '2021-04-01', clerk],
  [B, 'RepairCreditRecord', { recordId: 'b1', basis: 'conditions-met' }, '2021-06-01', countyReviewer],
  [B, 'EnterCreditRecord', record('b3', 'refused-check', { personal: { idNumber: '330602198202020025' } }), '2021-07-01', countyReviewer],
  [B, 'LodgeCreditAppeal', { recordId: 'b3', appealId: 'ap3', grounds: '当日住院' }, '2021-07-02', clerk],
  [B, 'DecideCreditAppeal', { recordId: 'b3', outcome: 'rejected', reasons: '无证明' }, '2021-07-05', otherReviewer],
  [C, 'EnterCreditRecord', record('c1', 'concealed-death', { townshipCode: T3, personal: { idNumber: '33060319700707007X' } }), '2021-03-01', keqiaoReviewer],
];

async function recordAll(store: EventStore): Promise<void> {
  for (const [householdId, type, data, date, actor] of STEPS) {
    const now = at(date);
    const command = { type, data: { householdId, ...data }, metadata: { now, actor } } as CreditCommand;
    await handleCommand(store, decider, householdStreamId(householdId), command, {
      metadata: { actor, commandId: randomUUID(), correlationId: householdId, causationId: null, occurredAt: now },
      newEventId: randomUUID,
    });
  }
}

const project = (store: EventStore, readStore: ReadStore) =>
  projectToHead(store, readStore, householdCreditProjection, { batchSize: 4, waitMs: WAIT_MS });

function allRows(readStore: ReadStore): Promise<Record<string, unknown>[]> {
  return readProjection(readStore, HOUSEHOLD_CREDIT, async (read, table) =>
    (await read.all<Record<string, unknown>>(`SELECT * FROM ${table(HOUSEHOLDS_TABLE)} ORDER BY household_id`)).map((row) => ({
      ...row,
      updated_revision: Number(row.updated_revision),
      record_count: Number(row.record_count),
    })),
  );
}

function householdCreditSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`household credit on ${label}`, () => {
    let harness: ReadModelHarness;
    beforeAll(async () => {
      harness = await open();
      await recordAll(harness.store);
      await project(harness.store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    const list = (filter: Partial<Parameters<typeof queryHouseholdCredit>[1]> = {}) =>
      queryHouseholdCredit(harness.readStore, { within: '3306', today: '2021-08-01', page: 1, pageSize: 20, ...filter });

    it('is fed every event type it handles', async () => {
      const types = new Set((await readWholeLog(harness.store)).map((e) => e.type));
      expect(CREDIT_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
    });

    it('keeps one row per household with its grade, ban, records and history, as the stream fold has them', async () => {
      const page = await list();
      expect(page.totals).toEqual({ good: 1, general: 1, serious: 0, grave: 1 });
      for (const item of page.items) {
        const { state, revision } = await load(harness.store, decider, householdStreamId(item.householdId));
        expect(item).toMatchObject({ grade: state.grade, records: state.records, history: state.evaluations, revision: Number(revision) });
      }
      const c = page.items.find((i) => i.householdId === C);
      expect(c).toMatchObject({ townshipCode: T3, grade: 'grave', gradeLabel: '严重失信', activeBanUntil: '2022-02-28' });
      const a = page.items.find((i) => i.householdId === A);
      expect(a).toMatchObject({ grade: 'good', activeBanUntil: null, records: [expect.objectContaining({ status: 'annulled' })] });
      const b = page.items.find((i) => i.householdId === B);
      expect(b?.records.map((r) => r.status)).toEqual(['repaired', 'in-force', 'in-force']);
      expect(b?.history.map((h) => h.grade)).toEqual(['serious', 'general', 'general', 'good', 'general', 'general']);
    });

    it('answers an expired ban as inactive, and narrows by township, grade and the reader’s unit', async () => {
      expect((await list({ today: '2022-03-01', grade: 'grave' })).items[0].activeBanUntil).toBeNull();
      expect((await list({ township: T1 })).items.map((i) => i.householdId).sort()).toEqual([A, B].sort());
      expect((await list({ grade: 'general' })).items.map((i) => i.householdId)).toEqual([B]);
      expect((await list({ within: '330603' })).items.map((i) => i.householdId)).toEqual([C]);
      expect((await list({ within: '330604' })).total).toBe(0);
      const first = await list({ pageSize: 2 });
      const second = await list({ pageSize: 2, page: 2 });
      expect(first.total).toBe(3);
      expect([...first.items, ...second.items].map((i) => i.householdId)).toEqual((await list()).items.map((i) => i.householdId));
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      expect(before).toHaveLength(3);
      await expectSameRowsRebuiltAndReplayed(harness, householdCreditProjection, (fresh) => project(harness.store, fresh), allRows, before);
    }, 60_000);
  });
}

householdCreditSuite('SQLite', () => openSqliteHarness('household-credit'));

describeWithPostgres('PostgreSQL', () => {
  householdCreditSuite('PostgreSQL', () => openPostgresHarness('household_credit'));
});
