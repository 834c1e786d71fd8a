import { fold } from '@app/ledger/decider';
import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import type { BatchCommand, CasePaymentReading, ReconcileBatch } from '../src/batch.commands';
import { createBatchDecider } from '../src/batch.decider';
import type {
  BankSettlementRecorded,
  BatchEvent,
  BatchOpened,
  BatchPaymentsRecorded,
  BatchReconciled,
  BatchSubmitted,
  CasePayment,
  CaseRefusal,
  PaymentKind,
  SettlementResult,
} from '../src/batch.events';
import { DEFAULT_BATCH_POLICY } from '../src/batch.policy';
import type { BatchState } from '../src/batch.state';
import { paymentIdOf } from '../src/batch-run.plan';

/** 越城区, its first street, and a street of 柯桥区 next door. */
export const YUECHENG = '330602';
export const TOWNSHIP = '330602001';
export const NEIGHBOUR_TOWNSHIP = '330602002';
export const KEQIAO_TOWNSHIP = '330603101';

export const MONTH = '2021-08';
export const BATCH_ID = '330602001-202108';

export const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: TOWNSHIP };
export const approver: Actor = { id: 'approver-1', role: 'township-approver', unit: TOWNSHIP };
export const neighbourClerk: Actor = { id: 'clerk-2', role: 'intake-clerk', unit: NEIGHBOUR_TOWNSHIP };
export const countyReviewer: Actor = { id: 'county-1', role: 'county-reviewer', unit: YUECHENG };
export const keqiaoReviewer: Actor = { id: 'county-kq-1', role: 'county-reviewer', unit: '330603' };
export const auditor: Actor = { id: 'auditor-1', role: 'auditor', unit: '3306' };
export const admin: Actor = { id: 'admin-1', role: 'admin', unit: '3306' };

/** A time in Shaoxing on a date, as the API's clock would stamp it. */
export function at(date: string, time = '09:00'): string {
  return `${date}T${time}:00+08:00`;
}

/** The first day the August batch may be opened: ten days (the default lead) before 1 August. */
export const OPEN_DAY = '2021-07-22';
export const OPENED_AT = at(OPEN_DAY);
export const RECORDED_AT = at('2021-07-26');
export const SUBMITTED_AT = at('2021-07-28');
export const SETTLED_AT = at('2021-08-03');
export const RECONCILED_AT = at('2021-08-05');
export const CLOSED_AT = at('2021-08-06');

export const decider = createBatchDecider(DEFAULT_BATCH_POLICY);

export function payment(caseId: string, kind: PaymentKind, amountFen: number): CasePayment {
  return { caseId, paymentId: paymentIdOf(caseId, MONTH, kind), kind, amountFen };
}

/** Two 低保 households and one 价格临时补贴 (890 元 standard × 3% for a two-person household). */
export const P1 = payment('c-001', 'assistance', 120_000);
export const P2 = payment('c-001', 'price-subsidy', 5_340);
export const P3 = payment('c-002', 'assistance', 89_000);
export const P1_TO_P3 = [P1, P2, P3] as const;
export const P1_TO_P3_TOTAL = 214_340;

export const R1: CaseRefusal = { caseId: 'c-003', kind: 'assistance', reason: 'suspended' };
export const R2: CaseRefusal = { caseId: 'c-002', kind: 'price-subsidy', reason: 'not-triggered' };

type Data<T extends BatchCommand['type']> = Extract<BatchCommand, { type: T }>['data'];

export function command<T extends BatchCommand['type']>(
  type: T,
  data: Omit<Data<T>, 'batchId'> & { batchId?: string },
  actor: Actor = approver,
  now: string = RECORDED_AT,
): BatchCommand {
  return { type, data: { batchId: BATCH_ID, ...data }, metadata: { now, actor } } as BatchCommand;
}

export function openBatch(actor: Actor = clerk, now: string = OPENED_AT, data: Partial<Data<'OpenBatch'>> = {}) {
  return command('OpenBatch', { townshipCode: TOWNSHIP, month: MONTH, ...data }, actor, now);
}

export function recordPayments(
  payments: readonly CasePayment[],
  refusals: readonly CaseRefusal[] = [],
  actor: Actor = clerk,
  now: string = RECORDED_AT,
) {
  return command('RecordBatchPayments', { payments, refusals }, actor, now);
}

export function submitToBank(actor: Actor = approver, bankFileRef = 'ICBC-SX-20210728-001', now = SUBMITTED_AT) {
  return command('SubmitBatchToBank', { bankFileRef }, actor, now);
}

export function settle(results: readonly SettlementResult[], actor: Actor = clerk, now = SETTLED_AT) {
  return command('RecordBankSettlement', { results }, actor, now);
}

export function reconcile(data: Omit<ReconcileBatch['data'], 'batchId'>, actor: Actor = approver, now = RECONCILED_AT) {
  return command('ReconcileBatch', data, actor, now);
}

export function closeBatch(note?: string, actor: Actor = approver, now = CLOSED_AT) {
  return command('CloseBatch', note === undefined ? {} : { note }, actor, now);
}

export function paid(p: CasePayment, bankReference = `B-${p.paymentId}`): SettlementResult {
  return { paymentId: p.paymentId, outcome: 'paid', bankReference };
}

export function failed(p: CasePayment, reason = '账户已销户'): SettlementResult {
  return { paymentId: p.paymentId, outcome: 'failed', bankReference: `B-${p.paymentId}`, reason };
}

/** The case streams read back exactly as the batch holds them. */
export function readingsOf(state: BatchState): CasePaymentReading[] {
  return state.payments.map((p) => ({
    paymentId: p.paymentId,
    amountFen: p.amountFen,
    outcome: p.settlement?.outcome ?? 'scheduled',
  }));
}

export const opened: BatchOpened = {
  type: 'BatchOpened',
  data: { batchId: BATCH_ID, townshipCode: TOWNSHIP, month: MONTH, openedBy: clerk, openedAt: OPENED_AT },
};

export function paymentsRecorded(
  payments: readonly CasePayment[],
  refusals: readonly CaseRefusal[] = [],
): BatchPaymentsRecorded {
  return { type: 'BatchPaymentsRecorded', data: { batchId: BATCH_ID, payments, refusals, recordedAt: RECORDED_AT } };
}

export const submitted: BatchSubmitted = {
  type: 'BatchSubmitted',
  data: {
    batchId: BATCH_ID,
    bankFileRef: 'ICBC-SX-20210728-001',
    count: 3,
    totalFen: P1_TO_P3_TOTAL,
    byKind: { assistance: { count: 2, totalFen: 209_000 }, 'price-subsidy': { count: 1, totalFen: 5_340 } },
    submittedBy: approver,
    submittedAt: SUBMITTED_AT,
  },
};

export function settlementRecorded(results: readonly SettlementResult[]): BankSettlementRecorded {
  return { type: 'BankSettlementRecorded', data: { batchId: BATCH_ID, results, recordedAt: SETTLED_AT } };
}

/** Opened, P1–P3 and R1 recorded, submitted. */
export const SUBMITTED: readonly BatchEvent[] = [opened, paymentsRecorded(P1_TO_P3, [R1]), submitted];
/** …and the bank paid P1 and P3 and failed P2. */
export const SETTLED: readonly BatchEvent[] = [...SUBMITTED, settlementRecorded([paid(P1), failed(P2), paid(P3)])];

export function reconciled(data: Partial<BatchReconciled['data']> = {}): BatchReconciled {
  return {
    type: 'BatchReconciled',
    data: {
      batchId: BATCH_ID,
      batchTotalFen: P1_TO_P3_TOTAL,
      batchCount: 3,
      casePaymentsTotalFen: P1_TO_P3_TOTAL,
      casePaymentCount: 3,
      differenceFen: 0,
      countDifference: 0,
      differences: [],
      result: 'reconciled',
      reconciledBy: approver,
      reconciledAt: RECONCILED_AT,
      ...data,
    },
  };
}

export function stateOf(given: readonly BatchEvent[]): BatchState {
  return fold(decider, given);
}

/** Given events, when a command: the events decided. */
export function when(given: readonly BatchEvent[], cmd: BatchCommand): readonly BatchEvent[] {
  return decider.decide(cmd, stateOf(given));
}

/** Given events, when a command that must be refused: the refusal (fails the test if none). */
export function refusal(given: readonly BatchEvent[], cmd: BatchCommand): DomainError {
  let decided: readonly BatchEvent[];
  try {
    decided = when(given, cmd);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${cmd.type} to be refused, got ${JSON.stringify(decided)}`);
}
