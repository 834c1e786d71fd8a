import type { CaseEvent, PaymentScheduled } from '@app/assistance-cases';
import { type EventStore, PostgresEventStore, type RecordedEvent, SqliteEventStore } from '@app/ledger';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import type { BatchEvent, SettlementResult } from '../src/batch.events';
import { paymentIdOf } from '../src/batch-run.plan';
import {
  approver,
  at,
  auditor,
  BATCH_ID,
  clerk,
  countyReviewer,
  type Household,
  households,
  MONTH,
  OTHER_COUNTY_TOWNSHIP,
  PaymentsWorld,
  TOWNSHIP,
} from './payments-world.fixtures';

type OpenStore = () => Promise<{ readonly store: EventStore; readonly drop?: () => Promise<void> }>;

/** 补差 computed here from the households as given: 890 元 × members − wages, never from the code under test. */
const dueFen = (list: readonly Household[]) => list.reduce((sum, h) => sum + 89_000 * h.members - h.wagesFen, 0);
const assistance = (caseId: string, month = MONTH) => paymentIdOf(caseId, month, 'assistance');
const paid = (list: readonly Household[]): SettlementResult[] =>
  list.map((h, i) => ({ paymentId: assistance(h.caseId), outcome: 'paid', bankReference: `BK0402-${i}` }));

function batchRunnerSuite(open: OpenStore): void {
  let world: PaymentsWorld;
  let drop: (() => Promise<void>) | undefined;
  const cases = households(12);

  beforeEach(async () => {
    const opened = await open();
    drop = opened.drop;
    world = new PaymentsWorld(opened.store);
    await world.setUp();
    await world.approveCases(cases);
    world.clock.set(at('2021-03-25'));
  });

  afterEach(async () => {
    await world.close();
    await drop?.();
  });

  const scheduledIn = async (caseId: string, month = MONTH) =>
    (await world.caseEvents(caseId)).filter(
      (e): e is RecordedEvent<PaymentScheduled> => e.type === 'PaymentScheduled' && e.data.month === month,
    );
  const batchEvents = async (batchId = BATCH_ID) =>
    (await world.store.readStream(`batch-${batchId}`)) as RecordedEvent<BatchEvent>[];

  /** Run, bank file on the 28th, bank results on 2 April. */
  async function throughTheBank(results: (list: readonly Household[]) => SettlementResult[] = paid) {
    const run = await world.runner.run(clerk, TOWNSHIP, MONTH);
    world.clock.set(at('2021-03-28'));
    await world.runner.submit(approver, BATCH_ID, 'SXBANK-20210328-001');
    world.clock.set(at('2021-04-02'));
    const settled = await world.runner.settle(clerk, BATCH_ID, results(cases));
    return { run, settled };
  }

  describe('a township’s April batch', () => {
    it('reconciles to the fen: batch total = sum of the cases’ PaymentScheduled amounts = 补差 of the households', async () => {
      const { run, settled } = await throughTheBank();

      expect(run.run).toMatchObject({ opened: true, cases: 12, commands: 12, refused: 0, failed: [] });
      const scheduled = (await Promise.all(cases.map((h) => scheduledIn(h.caseId)))).flat();
      expect(scheduled).toHaveLength(12);
      expect(scheduled.reduce((sum, e) => sum + e.data.amountFen, 0)).toBe(dueFen(cases));
      expect(run.state.payments).toEqual({ count: 12, totalFen: dueFen(cases) });
      expect(settled.settlement.cases).toMatchObject({ recorded: 12, unchanged: 0, flaggedForRecovery: [], failed: [] });

      const reconciled = await world.runner.reconcile(clerk, BATCH_ID);
      expect(reconciled.events.map((e) => e.data)).toEqual([
        expect.objectContaining({
          result: 'reconciled',
          batchTotalFen: dueFen(cases),
          casePaymentsTotalFen: dueFen(cases),
          batchCount: 12,
          casePaymentCount: 12,
          differenceFen: 0,
          differences: [],
        }),
      ]);
      expect(reconciled.state).toMatchObject({ status: 'reconciled', byOutcome: { paid: { count: 12 } } });
    });

    it('reports, and never absorbs, a payment a case holds for the batch that the batch never listed', async () => {
      await world.runner.run(clerk, TOWNSHIP, MONTH);
      // A case approved after the run, scheduled by hand on its case for this batch.
      const [stray] = households(13).slice(12);
      await world.approveCases([stray]);
      world.clock.set(at('2021-03-26'));
      await world.case(clerk, stray.caseId, 'SchedulePayment', {
        caseId: stray.caseId,
        paymentId: 'pay-by-hand-1',
        batchId: BATCH_ID,
        month: MONTH,
        kind: 'assistance',
      });
      world.clock.set(at('2021-03-28'));
      await world.runner.submit(approver, BATCH_ID, 'SXBANK-20210328-001');
      world.clock.set(at('2021-04-02'));
      await world.runner.settle(clerk, BATCH_ID, paid(cases));

      const reconciled = await world.runner.reconcile(clerk, BATCH_ID);
      const strayFen = 89_000 * stray.members - stray.wagesFen;
      expect(reconciled.events[0].data).toMatchObject({
        result: 'reconciled-with-differences',
        batchTotalFen: dueFen(cases),
        casePaymentsTotalFen: dueFen(cases) + strayFen,
        differenceFen: -strayFen,
        countDifference: -1,
        differences: [{ issue: 'not-in-batch', paymentId: 'pay-by-hand-1', caseAmountFen: strayFen }],
      });
      expect(reconciled.state).toMatchObject({
        status: 'reconciled-with-differences',
        payments: { totalFen: dueFen(cases) },
        reconciliation: { differenceFen: -strayFen, differences: 1 },
      });
    });
  });

  describe('two runs of the same batch at the same time', () => {
    it('pay each case once for the month, and the batch lists each payment once', async () => {
      const [first, second] = await Promise.all([
        world.runner.run(clerk, TOWNSHIP, MONTH),
        world.runner.run(approver, TOWNSHIP, MONTH),
      ]);

      for (const h of cases) expect(await scheduledIn(h.caseId)).toHaveLength(1);
      const events = await batchEvents();
      expect(events.filter((e) => e.type === 'BatchOpened')).toHaveLength(1);
      const listed = events.flatMap((e) => (e.type === 'BatchPaymentsRecorded' ? e.data.payments : []));
      expect(listed.map((p) => p.caseId).sort()).toEqual(cases.map((h) => h.caseId));
      expect(first.run.eventsAppended + second.run.eventsAppended).toBe(events.length + 12);
      const summary = await world.executor.readState({ decider: world.batchDecider, streamId: `batch-${BATCH_ID}` });
      expect(summary.state.payments.reduce((sum, p) => sum + p.amountFen, 0)).toBe(dueFen(cases));
    });

    it('a run after the first changes nothing', async () => {
      await world.runner.run(clerk, TOWNSHIP, MONTH);
      const revision = (await batchEvents()).length;
      const again = await world.runner.run(clerk, TOWNSHIP, MONTH);
      expect(again.run).toMatchObject({ opened: false, recordedOnBatch: { payments: 0, refusals: 0 }, eventsAppended: 0 });
      expect(await batchEvents()).toHaveLength(revision);
    });
  });

  describe('a case suspended before the run', () => {
    it('is refused by the case, and the batch shows the reason', async () => {
      world.clock.set(at('2021-03-20'));
      await world.case(countyReviewer, 'c-0002', 'SuspendCase', { caseId: 'c-0002', reasons: ['外出务工收入待核实'] });
      world.clock.set(at('2021-03-25'));

      const run = await world.runner.run(clerk, TOWNSHIP, MONTH);

      expect(run.state.refusals).toEqual({ count: 1, byReason: [{ reason: 'suspended', count: 1 }] });
      const paidCases = cases.filter((h) => h.caseId !== 'c-0002');
      expect(run.state.payments).toEqual({ count: 11, totalFen: dueFen(paidCases) });
      expect((await world.caseEvents('c-0002')).at(-1)).toMatchObject({
        type: 'PaymentRefused',
        data: { batchId: BATCH_ID, month: MONTH, reason: 'suspended' },
      });
    });
  });

  describe('a case suspended between scheduling and settlement', () => {
    it('is paid by the bank anyway: the case records it and flags it for recovery, and the batch reconciles', async () => {
      const run = await world.runner.run(clerk, TOWNSHIP, MONTH);
      world.clock.set(at('2021-03-26'));
      const suspended = await world.case(countyReviewer, 'c-0003', 'SuspendCase', {
        caseId: 'c-0003',
        reasons: ['举报有未申报收入，核查期间暂停'],
      });
      expect(suspended.events[0].data).toMatchObject({ paymentsToCancel: [assistance('c-0003')] });
      world.clock.set(at('2021-03-28'));
      await world.runner.submit(approver, BATCH_ID, 'SXBANK-20210328-001');
      world.clock.set(at('2021-04-02'));
      const settled = await world.runner.settle(clerk, BATCH_ID, paid(cases));

      expect(run.state.payments.count).toBe(12);
      expect(settled.settlement.cases.flaggedForRecovery).toEqual([
        { caseId: 'c-0003', paymentId: assistance('c-0003'), reason: 'suspended' },
      ]);
      const settledEvent = (await world.caseEvents('c-0003')).find((e) => e.type === 'PaymentSettled');
      expect(settledEvent?.data).toMatchObject({ notDue: { reason: 'suspended' } });
      const reconciled = await world.runner.reconcile(clerk, BATCH_ID);
      expect(reconciled.state.status).toBe('reconciled');
    });
  });

  describe('a payment the bank returned', () => {
    it('is reissued once through the next open batch; a second reissue is refused (409)', async () => {
      const returned = (list: readonly Household[]) =>
        paid(list).map((r) =>
          r.paymentId === assistance('c-0001') ? { ...r, outcome: 'returned' as const, reason: '账户已销户' } : r,
        );
      await throughTheBank(returned);
      expect((await world.runner.reconcile(clerk, BATCH_ID)).state).toMatchObject({
        status: 'reconciled',
        byOutcome: { returned: { count: 1 }, paid: { count: 11 } },
      });

      world.clock.set(at('2021-04-22'));
      const may = await world.runner.run(clerk, TOWNSHIP, '2021-05');
      const reissued = await world.runner.reissue(clerk, 'c-0001', assistance('c-0001'), may.run.batchId);

      const event = reissued.events[0] as unknown as RecordedEvent<Extract<CaseEvent, { type: 'PaymentReissued' }>>;
      expect(event).toMatchObject({
        type: 'PaymentReissued',
        data: { originalPaymentId: assistance('c-0001'), batchId: '330602001-202105', month: MONTH },
      });
      expect(event.data.amountFen).toBe(89_000 * 1 - 0);
      const mayBatch = await batchEvents('330602001-202105');
      const listed = mayBatch.flatMap((e) => (e.type === 'BatchPaymentsRecorded' ? e.data.payments : []));
      expect(listed.filter((p) => p.paymentId === event.data.paymentId)).toEqual([
        { caseId: 'c-0001', paymentId: event.data.paymentId, kind: 'assistance', amountFen: 89_000 },
      ]);

      await expect(world.runner.reissue(clerk, 'c-0001', assistance('c-0001'), may.run.batchId)).rejects.toMatchObject({
        kind: 'conflict',
        code: 'payment-already-reissued',
      });
    });
  });

  describe('the price subsidy', () => {
    it('is paid through the same batch when the CPI triggers it: 890 元 × 3.6 % per person', async () => {
      const cpi = { month: '2021-03', cpiYoY: 0.036, foodCpiYoY: 0.02 };
      const run = await world.runner.run(clerk, TOWNSHIP, MONTH, { priceSubsidy: { cpi } });

      expect(run.run.priceSubsidy).toMatchObject({ triggered: true, perPersonFen: 3_204 });
      const persons = cases.reduce((sum, h) => sum + h.members, 0);
      expect(run.state.byKind).toEqual({
        assistance: { count: 12, totalFen: dueFen(cases) },
        'price-subsidy': { count: 12, totalFen: 3_204 * persons },
      });
    });

    it('is not asked for when the CPI figures trigger nothing', async () => {
      const cpi = { month: '2021-03', cpiYoY: 0.02, foodCpiYoY: 0.03 };
      const run = await world.runner.run(clerk, TOWNSHIP, MONTH, { priceSubsidy: { cpi } });
      expect(run.run).toMatchObject({ kinds: ['assistance'], priceSubsidy: { triggered: false, perPersonFen: 0 } });
      expect(run.state.byKind['price-subsidy'].count).toBe(0);
    });
  });

  describe('who may run a batch', () => {
    it('refuses an auditor and another county’s staff before anything is recorded', async () => {
      const before = (await world.store.head()).eventCount;
      await expect(world.runner.run(auditor, TOWNSHIP, MONTH)).rejects.toMatchObject({ code: 'role-not-allowed' });
      const elsewhere = { principal: { ...clerk.principal, unit: OTHER_COUNTY_TOWNSHIP } };
      await expect(world.runner.run(elsewhere, TOWNSHIP, MONTH)).rejects.toMatchObject({ code: 'outside-jurisdiction' });
      expect((await world.store.head()).eventCount).toBe(before);
    });

    it('refuses a run on a batch already sent to the bank', async () => {
      await throughTheBank();
      await expect(world.runner.run(clerk, TOWNSHIP, MONTH)).rejects.toMatchObject({ code: 'batch-submitted' });
    });
  });
}

describe('the batch runner on SQLite', () => {
  batchRunnerSuite(async () => ({ store: SqliteEventStore.open({ file: ':memory:', pollIntervalMs: 20 }) }));
});

describeWithPostgres('the batch runner on PostgreSQL', () => {
  batchRunnerSuite(async () => {
    const schema = uniqueSchema('payments_batch');
    const store = await PostgresEventStore.open({ connectionString: TEST_DATABASE_URL, schema, pollIntervalMs: 20 });
    const drop = async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    };
    return { store, drop };
  });
});
