import { type ReadStore, readProjection } from '@app/projections';
import { PAYMENT_KINDS, type PaymentKind } from '../batch.events';
import {
  CASES_TABLE,
  PAYMENT_LEDGER,
  PAYMENT_LEDGER_STATUSES,
  type PaymentLedgerStatus,
  PAYMENTS_TABLE,
  RECONCILIATIONS_TABLE,
} from './payment-ledger.projection';

export interface LedgerPayment {
  readonly paymentId: string;
  readonly caseId: string;
  readonly townshipCode: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly amountFen: number;
  readonly status: PaymentLedgerStatus;
  readonly batchId: string | null;
  readonly bankReference: string | null;
  /** The payment that paid this one again, once it was reissued. */
  readonly reissuedAs: string | null;
  readonly revision: number;
}

export interface CasePayments {
  readonly caseId: string;
  /** Null when no application of the case has been seen yet. */
  readonly townshipCode: string | null;
  readonly payments: readonly LedgerPayment[];
}

export interface Tally {
  readonly count: number;
  readonly totalFen: number;
}

export interface BatchReconciliationSummary {
  readonly batchId: string;
  readonly batchTotalFen: number;
  readonly batchCount: number;
  readonly caseTotalFen: number;
  readonly caseCount: number;
  /** Batch total − case total. */
  readonly differenceFen: number;
  readonly countDifference: number;
  readonly result: string;
  readonly reconciledAt: string;
}

export interface TownshipMonth {
  readonly townshipCode: string;
  readonly month: string;
  readonly all: Tally;
  readonly byStatus: Readonly<Record<PaymentLedgerStatus, Tally>>;
  readonly byKind: Readonly<Record<PaymentKind, Tally>>;
  /** The month's batch as last reconciled; null before any reconciliation. */
  readonly reconciliation: BatchReconciliationSummary | null;
}

interface PaymentRow {
  payment_id: string;
  case_id: string;
  township_code: string;
  month: string;
  kind: PaymentKind;
  amount_fen: number | string;
  status: PaymentLedgerStatus;
  batch_id: string | null;
  bank_reference: string | null;
  reissued_as: string | null;
  updated_revision: number | string;
}

interface TallyRow {
  status: PaymentLedgerStatus;
  kind: PaymentKind;
  n: number | string;
  fen: number | string | null;
}

interface ReconciliationRow {
  batch_id: string;
  batch_total_fen: number | string;
  batch_count: number | string;
  case_total_fen: number | string;
  case_count: number | string;
  difference_fen: number | string;
  count_difference: number | string;
  result: string;
  reconciled_at: string;
}

/** A case's payments, month by month. */
export function casePayments(store: ReadStore, caseId: string): Promise<CasePayments> {
  return readProjection(store, PAYMENT_LEDGER, async (read, table) => {
    const known = await read.get<{ township_code: string }>(`SELECT township_code FROM ${table(CASES_TABLE)} WHERE case_id = ?`, [
      caseId,
    ]);
    const rows = await read.all<PaymentRow>(
      `SELECT * FROM ${table(PAYMENTS_TABLE)} WHERE case_id = ? ORDER BY month, kind, payment_id`,
      [caseId],
    );
    return { caseId, townshipCode: known?.township_code ?? null, payments: rows.map(paymentOf) };
  });
}

/** A township's payments for a month, counted and summed by status and kind, beside its batch's reconciliation. */
export function townshipMonth(store: ReadStore, townshipCode: string, month: string): Promise<TownshipMonth> {
  return readProjection(store, PAYMENT_LEDGER, async (read, table) => {
    const tallies = await read.all<TallyRow>(
      `SELECT status, kind, COUNT(*) AS n, SUM(amount_fen) AS fen FROM ${table(PAYMENTS_TABLE)}
       WHERE township_code = ? AND month = ? GROUP BY status, kind`,
      [townshipCode, month],
    );
    const reconciliation = await read.get<ReconciliationRow>(
      `SELECT * FROM ${table(RECONCILIATIONS_TABLE)} WHERE township_code = ? AND month = ? ORDER BY reconciled_at DESC, batch_id LIMIT 1`,
      [townshipCode, month],
    );
    const byStatus = zeroes(PAYMENT_LEDGER_STATUSES);
    const byKind = zeroes(PAYMENT_KINDS);
    let all: Tally = { count: 0, totalFen: 0 };
    for (const row of tallies) {
      const tally = { count: Number(row.n), totalFen: Number(row.fen ?? 0) };
      byStatus[row.status] = add(byStatus[row.status], tally);
      byKind[row.kind] = add(byKind[row.kind], tally);
      all = add(all, tally);
    }
    return { townshipCode, month, all, byStatus, byKind, reconciliation: reconciliation ? reconciliationOf(reconciliation) : null };
  });
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, Tally> {
  return Object.fromEntries(keys.map((key) => [key, { count: 0, totalFen: 0 }])) as Record<K, Tally>;
}

const add = (a: Tally, b: Tally): Tally => ({ count: a.count + b.count, totalFen: a.totalFen + b.totalFen });

function paymentOf(row: PaymentRow): LedgerPayment {
  return {
    paymentId: row.payment_id,
    caseId: row.case_id,
    townshipCode: row.township_code,
    month: row.month,
    kind: row.kind,
    amountFen: Number(row.amount_fen),
    status: row.status,
    batchId: row.batch_id,
    bankReference: row.bank_reference,
    reissuedAs: row.reissued_as,
    revision: Number(row.updated_revision),
  };
}

function reconciliationOf(row: ReconciliationRow): BatchReconciliationSummary {
  return {
    batchId: row.batch_id,
    batchTotalFen: Number(row.batch_total_fen),
    batchCount: Number(row.batch_count),
    caseTotalFen: Number(row.case_total_fen),
    caseCount: Number(row.case_count),
    differenceFen: Number(row.difference_fen),
    countDifference: Number(row.count_difference),
    result: row.result,
    reconciledAt: row.reconciled_at,
  };
}
