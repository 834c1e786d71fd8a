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
import {
  CASES_TABLE,
  PAYMENT_LEDGER,
  PAYMENT_LEDGER_EVENT_TYPES,
  paymentLedgerProjection,
  PAYMENTS_TABLE,
  RECONCILIATIONS_TABLE,
} from '../src/read-models/payment-ledger.projection';
import { casePayments, townshipMonth } from '../src/read-models/payment-ledger.query';

const T1 = '330602001';
const T2 = '330602002';
const MONTH = '2021-04';
const BATCH = '330602001-202104';
const OTHER_BATCH = '330602002-202104';
const WAIT_MS = 20_000;
const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: T1 };

type Fact = readonly [type: string, data: Record<string, unknown>];

const submitted = (caseId: string, townshipCode = T1): Fact => ['ApplicationSubmitted', { caseId, townshipCode }];
const scheduled = (caseId: string, paymentId: string, amountFen: number, kind = 'assistance', batchId = BATCH): Fact => [
  'PaymentScheduled',
  { caseId, paymentId, batchId, month: MONTH, kind, amountFen, scheduledOn: '2021-03-25', basis: {} },
];
const settlement = (caseId: string, paymentId: string, amountFen: number, bankReference: string) => ({
  caseId,
  paymentId,
  month: MONTH,
  kind: 'assistance',
  amountFen,
  bankReference,
  settledOn: '2021-04-02',
  recordedOn: '2021-04-02',
});
const refused = (caseId: string, kind = 'assistance'): Fact => [
  'PaymentRefused',
  { caseId, batchId: BATCH, month: MONTH, kind, refusedOn: '2021-03-25', reason: 'suspended', detail: '暂停发放' },
];
const reconciled = (batchId: string, batchTotalFen: number, casePaymentsTotalFen: number, reconciledAt: string): Fact => [
  'BatchReconciled',
  {
    batchId,
    batchTotalFen,
    batchCount: 5,
    casePaymentsTotalFen,
    casePaymentCount: 5,
    differenceFen: batchTotalFen - casePaymentsTotalFen,
    countDifference: 0,
    differences: [],
    result: batchTotalFen === casePaymentsTotalFen ? 'reconciled' : 'reconciled-with-differences',
    reconciledBy: clerk,
    reconciledAt,
  },
];

/** One township month, stream by stream: every payment outcome, a refusal, and a batch reconciled twice. */
const STREAMS: Record<string, Fact[]> = {
  'case-pl-paid': [
    submitted('pl-paid'),
    scheduled('pl-paid', 'p-paid', 89_000),
    scheduled('pl-paid', 'p-cancelled', 5_000, 'price-subsidy'),
    ['PaymentSettled', { ...settlement('pl-paid', 'p-paid', 89_000, 'BK-1'), notDue: null }],
    [
      'PaymentCancelled',
      { caseId: 'pl-paid', paymentId: 'p-cancelled', month: MONTH, kind: 'price-subsidy', amountFen: 5_000, cancelledOn: '2021-03-27', reasons: ['重复'] },
    ],
  ],
  'case-pl-reissued': [
    submitted('pl-reissued'),
    scheduled('pl-reissued', 'p-first', 150_000),
    ['PaymentFailed', { ...settlement('pl-reissued', 'p-first', 150_000, 'BK-2'), reason: '账户冻结' }],
    [
      'PaymentReissued',
      {
        caseId: 'pl-reissued',
        originalPaymentId: 'p-first',
        paymentId: 'p-again',
        batchId: BATCH,
        month: MONTH,
        kind: 'assistance',
        amountFen: 140_000,
        reissuedOn: '2021-04-05',
        basis: {},
      },
    ],
    ['PaymentSettled', { ...settlement('pl-reissued', 'p-again', 140_000, 'BK-3'), notDue: null }],
  ],
  'case-pl-returned': [
    submitted('pl-returned'),
    scheduled('pl-returned', 'p-returned', 200_000),
    refused('pl-returned', 'price-subsidy'),
    ['PaymentReturned', { ...settlement('pl-returned', 'p-returned', 200_000, 'BK-4'), reason: '账户已销户', afterPaid: true }],
  ],
  'case-pl-failed': [
    submitted('pl-failed'),
    scheduled('pl-failed', 'p-failed', 60_000),
    ['PaymentFailed', { ...settlement('pl-failed', 'p-failed', 60_000, 'BK-5'), reason: '户名不符' }],
    scheduled('pl-failed', 'p-pending', 30_000, 'price-subsidy'),
  ],
  'case-pl-refused': [submitted('pl-refused'), refused('pl-refused')],
  'case-pl-elsewhere': [submitted('pl-elsewhere', T2), scheduled('pl-elsewhere', 'p-elsewhere', 70_000, 'assistance', OTHER_BATCH)],
  [`batch-${BATCH}`]: [reconciled(BATCH, 600_000, 590_000, '2021-04-03T01:00:00.000Z'), reconciled(BATCH, 674_000, 674_000, '2021-04-06T01:00:00.000Z')],
};

async function record(store: EventStore): Promise<void> {
  for (const [streamId, facts] of Object.entries(STREAMS)) {
    await store.append(
      streamId,
      facts.map(([type, data]) => ({
        eventId: randomUUID(),
        type,
        data,
        metadata: { actor: clerk, commandId: randomUUID(), correlationId: streamId, causationId: null, occurredAt: '2021-04-06T01:00:00.000Z' },
      })),
      { expectedRevision: 'no-stream' },
    );
  }
}

const project = (store: EventStore, readStore: ReadStore) =>
  projectToHead(store, readStore, paymentLedgerProjection, { batchSize: 4, waitMs: WAIT_MS });

/** Every row of every table, numbers as numbers. */
function allRows(readStore: ReadStore): Promise<Record<string, unknown>[][]> {
  return readProjection(readStore, PAYMENT_LEDGER, async (read, table) => {
    const tables: [string, string][] = [
      [PAYMENTS_TABLE, 'payment_id'],
      [CASES_TABLE, 'case_id'],
      [RECONCILIATIONS_TABLE, 'batch_id'],
    ];
    const result: Record<string, unknown>[][] = [];
    for (const [base, key] of tables) {
      const rows = await read.all<Record<string, unknown>>(`SELECT * FROM ${table(base)} ORDER BY ${key}`);
      result.push(rows.map(numbersAsNumbers));
    }
    return result;
  });
}

/** PostgreSQL answers BIGINT as a string. */
const NUMERIC = /_fen$|_count$|^count_difference$|^updated_revision$/;
const numbersAsNumbers = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([column, value]) => [column, NUMERIC.test(column) && value !== null ? Number(value) : value]));

function paymentLedgerSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the payment ledger of a township month on ${label}`, () => {
    let harness: ReadModelHarness;
    beforeAll(async () => {
      harness = await open();
      await record(harness.store);
      await project(harness.store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    it('is fed every event type it handles, and a refusal', async () => {
      const types = new Set((await readWholeLog(harness.store)).map((event) => event.type));
      expect(PAYMENT_LEDGER_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
      expect(types.has('PaymentRefused')).toBe(true);
    });

    it('holds one row per payment with its status, batch, bank reference and reissue', async () => {
      const row = (paymentId: string, status: string, amountFen: number, more: object = {}) => ({
        paymentId,
        status,
        amountFen,
        townshipCode: T1,
        month: MONTH,
        batchId: BATCH,
        bankReference: null,
        reissuedAs: null,
        ...more,
      });
      expect((await casePayments(harness.readStore, 'pl-paid')).payments).toEqual([
        expect.objectContaining(row('p-paid', 'paid', 89_000, { kind: 'assistance', bankReference: 'BK-1', revision: 3 })),
        expect.objectContaining(row('p-cancelled', 'cancelled', 5_000, { kind: 'price-subsidy', revision: 4 })),
      ]);
      expect((await casePayments(harness.readStore, 'pl-reissued')).payments).toEqual([
        expect.objectContaining(row('p-again', 'paid', 140_000, { bankReference: 'BK-3', revision: 4 })),
        expect.objectContaining(row('p-first', 'reissued', 150_000, { bankReference: 'BK-2', reissuedAs: 'p-again', revision: 3 })),
      ]);
      expect((await casePayments(harness.readStore, 'pl-returned')).payments).toEqual([
        expect.objectContaining(row('p-returned', 'returned', 200_000, { bankReference: 'BK-4' })),
      ]);
      expect((await casePayments(harness.readStore, 'pl-failed')).payments.map((p) => [p.paymentId, p.status])).toEqual([
        ['p-failed', 'failed'],
        ['p-pending', 'scheduled'],
      ]);
    });

    it('makes no row for a refused month, and knows the case by its application', async () => {
      expect(await casePayments(harness.readStore, 'pl-refused')).toEqual({ caseId: 'pl-refused', townshipCode: T1, payments: [] });
      expect(await casePayments(harness.readStore, 'pl-unknown')).toEqual({ caseId: 'pl-unknown', townshipCode: null, payments: [] });
    });

    it('totals the township month to the fen by status and kind, beside the latest reconciliation', async () => {
      expect(await townshipMonth(harness.readStore, T1, MONTH)).toEqual({
        townshipCode: T1,
        month: MONTH,
        all: { count: 7, totalFen: 674_000 },
        byStatus: {
          scheduled: { count: 1, totalFen: 30_000 },
          paid: { count: 2, totalFen: 229_000 },
          failed: { count: 1, totalFen: 60_000 },
          returned: { count: 1, totalFen: 200_000 },
          cancelled: { count: 1, totalFen: 5_000 },
          reissued: { count: 1, totalFen: 150_000 },
        },
        byKind: { assistance: { count: 5, totalFen: 639_000 }, 'price-subsidy': { count: 2, totalFen: 35_000 } },
        reconciliation: {
          batchId: BATCH,
          batchTotalFen: 674_000,
          batchCount: 5,
          caseTotalFen: 674_000,
          caseCount: 5,
          differenceFen: 0,
          countDifference: 0,
          result: 'reconciled',
          reconciledAt: '2021-04-06T01:00:00.000Z',
        },
      });
    });

    it('keeps each township to its own payments, and shows a month never reconciled as such', async () => {
      const other = await townshipMonth(harness.readStore, T2, MONTH);
      expect(other.all).toEqual({ count: 1, totalFen: 70_000 });
      expect(other.byStatus.scheduled).toEqual({ count: 1, totalFen: 70_000 });
      expect(other.reconciliation).toBeNull();
      expect((await townshipMonth(harness.readStore, T1, '2021-05')).all).toEqual({ count: 0, totalFen: 0 });
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      expect(before[0]).toHaveLength(8);
      await expectSameRowsRebuiltAndReplayed(harness, paymentLedgerProjection, (fresh) => project(harness.store, fresh), allRows, before);
    }, 60_000);
  });
}

paymentLedgerSuite('SQLite', () => openSqliteHarness('payment-ledger'));

describeWithPostgres('PostgreSQL', () => {
  paymentLedgerSuite('PostgreSQL', () => openPostgresHarness('payment_ledger'));
});
