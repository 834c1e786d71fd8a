import type {
  ApplicationSubmitted,
  PaymentCancelled,
  PaymentFailed,
  PaymentReissued,
  PaymentReturned,
  PaymentScheduled,
  PaymentSettled,
} from '@app/assistance-cases';
import type { RecordedEvent } from '@app/ledger';
import type { Projection, ReadStoreTx, TableName } from '@app/projections';
import type { BatchReconciled } from '../batch.events';

export const PAYMENT_LEDGER = 'payment_ledger';
export const PAYMENTS_TABLE = 'payments';
export const CASES_TABLE = 'cases';
export const RECONCILIATIONS_TABLE = 'reconciliations';

export const PAYMENT_LEDGER_STATUSES = ['scheduled', 'paid', 'failed', 'returned', 'cancelled', 'reissued'] as const;
export type PaymentLedgerStatus = (typeof PAYMENT_LEDGER_STATUSES)[number];

const CASE_STREAM_PREFIX = 'case-';
const BATCH_STREAM_PREFIX = 'batch-';

type LedgerCaseEvent =
  | ApplicationSubmitted
  | PaymentScheduled
  | PaymentSettled
  | PaymentFailed
  | PaymentReturned
  | PaymentCancelled
  | PaymentReissued;

/**
 * PaymentRefused makes no row (nothing was scheduled); recoveries, repayments and fines are money
 * owed back, not payments, and stay with the case.
 */
export const PAYMENT_LEDGER_EVENT_TYPES: readonly (LedgerCaseEvent | BatchReconciled)['type'][] = Object.freeze([
  'ApplicationSubmitted',
  'PaymentScheduled',
  'PaymentSettled',
  'PaymentFailed',
  'PaymentReturned',
  'PaymentCancelled',
  'PaymentReissued',
  'BatchReconciled',
]);

/**
 * The payment ledger: one row per case payment with where it stands, the township of its case
 * (from the application, kept per case) and each batch's latest reconciliation. Totals are summed
 * at query time, so a row is the only thing an event changes.
 */
export const paymentLedgerProjection: Projection = {
  name: PAYMENT_LEDGER,
  version: 1,
  runsWhere: 'async',
  handles: PAYMENT_LEDGER_EVENT_TYPES,
  tables: [PAYMENTS_TABLE, CASES_TABLE, RECONCILIATIONS_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const p = table(PAYMENTS_TABLE);
    const c = table(CASES_TABLE);
    const r = table(RECONCILIATIONS_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${c} (
        case_id TEXT PRIMARY KEY,
        township_code TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${p} (
        payment_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        township_code TEXT NOT NULL,
        month TEXT NOT NULL,
        kind TEXT NOT NULL,
        amount_fen BIGINT NOT NULL,
        status TEXT NOT NULL,
        batch_id TEXT,
        bank_reference TEXT,
        reissued_as TEXT,
        updated_revision BIGINT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${p}_case ON ${p} (case_id);
      CREATE INDEX IF NOT EXISTS ${p}_township_month ON ${p} (township_code, month);
      CREATE TABLE IF NOT EXISTS ${r} (
        batch_id TEXT PRIMARY KEY,
        township_code TEXT NOT NULL,
        month TEXT NOT NULL,
        batch_total_fen BIGINT NOT NULL,
        batch_count BIGINT NOT NULL,
        case_total_fen BIGINT NOT NULL,
        case_count BIGINT NOT NULL,
        difference_fen BIGINT NOT NULL,
        count_difference BIGINT NOT NULL,
        result TEXT NOT NULL,
        reconciled_at TEXT NOT NULL,
        updated_revision BIGINT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${r}_township_month ON ${r} (township_code, month);
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    if (event.streamId.startsWith(BATCH_STREAM_PREFIX)) {
      if (event.type === 'BatchReconciled') await reconciled(tx, table, event as unknown as RecordedEvent<BatchReconciled>);
      return;
    }
    // Other contexts may use an event type of the same name on their own streams.
    if (!event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
    const caseId = event.streamId.slice(CASE_STREAM_PREFIX.length);
    await applyCaseEvent(new Rows(tx, table, Number(event.revision)), caseId, event as unknown as RecordedEvent<LedgerCaseEvent>);
  },
};

async function applyCaseEvent(rows: Rows, caseId: string, event: RecordedEvent<LedgerCaseEvent>): Promise<void> {
  switch (event.type) {
    case 'ApplicationSubmitted':
      // The stream names the case; an application without a township has nothing to place.
      if (typeof event.data.townshipCode !== 'string') return;
      return rows.township(caseId, event.data.townshipCode);
    case 'PaymentScheduled': {
      const { caseId, paymentId, month, kind, amountFen, batchId } = event.data;
      return rows.upsert({ caseId, paymentId, month, kind, amountFen }, { status: 'scheduled', batch_id: batchId });
    }
    case 'PaymentSettled':
      return rows.upsert(event.data, { status: 'paid', bank_reference: event.data.bankReference });
    case 'PaymentFailed':
      return rows.upsert(event.data, { status: 'failed', bank_reference: event.data.bankReference });
    case 'PaymentReturned':
      return rows.upsert(event.data, { status: 'returned', bank_reference: event.data.bankReference });
    case 'PaymentCancelled':
      return rows.upsert(event.data, { status: 'cancelled' });
    case 'PaymentReissued': {
      const { caseId, originalPaymentId, paymentId, month, kind, amountFen, batchId } = event.data;
      await rows.setOn(originalPaymentId, { status: 'reissued', reissued_as: paymentId });
      return rows.upsert({ caseId, paymentId, month, kind, amountFen }, { status: 'scheduled', batch_id: batchId });
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

interface PaymentIdentity {
  readonly caseId: string;
  readonly paymentId: string;
  readonly month: string;
  readonly kind: string;
  readonly amountFen: number;
}

type Change = { readonly status: PaymentLedgerStatus } & Partial<
  Record<'batch_id' | 'bank_reference' | 'reissued_as', string>
>;

/** The rows of one case event; every write skips a row that has already taken the event. */
class Rows {
  constructor(
    private readonly tx: ReadStoreTx,
    private readonly table: TableName,
    private readonly revision: number,
  ) {}

  async township(caseId: string, townshipCode: string): Promise<void> {
    await this.tx.run(
      `INSERT INTO ${this.table(CASES_TABLE)} (case_id, township_code) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING`,
      [caseId, townshipCode],
    );
  }

  /** A settlement or cancellation carries the payment's fields, so a row is made even if its scheduling is unseen. */
  async upsert(payment: PaymentIdentity, change: Change): Promise<void> {
    const p = this.table(PAYMENTS_TABLE);
    const existing = await this.tx.get<{ updated_revision: number | string }>(
      `SELECT updated_revision FROM ${p} WHERE payment_id = ?`,
      [payment.paymentId],
    );
    if (existing) return this.setOn(payment.paymentId, change);
    const known = await this.tx.get<{ township_code: string }>(
      `SELECT township_code FROM ${this.table(CASES_TABLE)} WHERE case_id = ?`,
      [payment.caseId],
    );
    await this.tx.run(
      `INSERT INTO ${p} (payment_id, case_id, township_code, month, kind, amount_fen, status, batch_id, bank_reference,
         reissued_as, updated_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        payment.paymentId,
        payment.caseId,
        known?.township_code ?? '',
        payment.month,
        payment.kind,
        payment.amountFen,
        change.status,
        change.batch_id ?? null,
        change.bank_reference ?? null,
        change.reissued_as ?? null,
        this.revision,
      ],
    );
  }

  async setOn(paymentId: string, change: Change): Promise<void> {
    const columns = Object.keys(change) as (keyof Change)[];
    await this.tx.run(
      `UPDATE ${this.table(PAYMENTS_TABLE)} SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_revision = ?
       WHERE payment_id = ? AND updated_revision < ?`,
      [...columns.map((c) => change[c]), this.revision, paymentId, this.revision],
    );
  }
}

/** `330602001-202104` → township and month, as `batchIdOf` makes it. */
const BATCH_ID = /^(\d+)-(\d{4})(\d{2})$/;

async function reconciled(tx: ReadStoreTx, table: TableName, event: RecordedEvent<BatchReconciled>): Promise<void> {
  const r = table(RECONCILIATIONS_TABLE);
  const d = event.data;
  const revision = Number(event.revision);
  const existing = await tx.get<{ updated_revision: number | string }>(`SELECT updated_revision FROM ${r} WHERE batch_id = ?`, [
    d.batchId,
  ]);
  if (existing && Number(existing.updated_revision) >= revision) return;
  const [, townshipCode = '', year = '', month = ''] = BATCH_ID.exec(d.batchId) ?? [];
  const values = [
    townshipCode,
    year ? `${year}-${month}` : '',
    d.batchTotalFen,
    d.batchCount,
    d.casePaymentsTotalFen,
    d.casePaymentCount,
    d.differenceFen,
    d.countDifference,
    d.result,
    d.reconciledAt,
    revision,
    d.batchId,
  ];
  if (existing) {
    await tx.run(
      `UPDATE ${r} SET township_code = ?, month = ?, batch_total_fen = ?, batch_count = ?, case_total_fen = ?, case_count = ?,
         difference_fen = ?, count_difference = ?, result = ?, reconciled_at = ?, updated_revision = ? WHERE batch_id = ?`,
      values,
    );
  } else {
    await tx.run(
      `INSERT INTO ${r} (township_code, month, batch_total_fen, batch_count, case_total_fen, case_count, difference_fen,
         count_difference, result, reconciled_at, updated_revision, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      values,
    );
  }
}
