import {
  CLOSED_AT,
  closeBatch,
  failed,
  opened,
  P1,
  P1_TO_P3,
  P2,
  P3,
  paid,
  payment,
  paymentsRecorded,
  R1,
  R2,
  reconciled,
  RECONCILED_AT,
  SETTLED,
  settlementRecorded,
  stateOf,
  SUBMITTED,
  SUBMITTED_AT,
  submitToBank,
  when,
} from '../test/batch.fixtures';
import { batchSummary, reconciliation, unsettledPayments } from './batch.queries';

const nothing = { count: 0, totalFen: 0 };

describe('the summary of a batch', () => {
  it('does not exist before the batch is opened', () => {
    expect(batchSummary(stateOf([]))).toBeUndefined();
  });

  it('counts every payment as scheduled while it is open', () => {
    const R3 = { ...R1, caseId: 'c-006' };
    expect(batchSummary(stateOf([opened, paymentsRecorded(P1_TO_P3, [R1, R2, R3])]))).toEqual({
      batchId: '330602001-202108',
      townshipCode: '330602001',
      month: '2021-08',
      status: 'open',
      payments: { count: 3, totalFen: 214_340 },
      byOutcome: { scheduled: { count: 3, totalFen: 214_340 }, paid: nothing, failed: nothing, returned: nothing },
      byKind: { assistance: { count: 2, totalFen: 209_000 }, 'price-subsidy': { count: 1, totalFen: 5_340 } },
      refusals: {
        count: 3,
        byReason: [
          { reason: 'suspended', count: 2 },
          { reason: 'not-triggered', count: 1 },
        ],
      },
    });
  });

  it('totals to the fen by the bank’s outcome, the unanswered still scheduled', () => {
    const P4 = payment('c-004', 'assistance', 44_501);
    const returned = { paymentId: P4.paymentId, outcome: 'returned' as const, bankReference: 'R-9', reason: '户名不符' };
    const recorded = [opened, paymentsRecorded([...P1_TO_P3, P4])];
    const bankFile = settlementRecorded([paid(P1), failed(P2), returned]);
    const given = [...recorded, ...when(recorded, submitToBank()), bankFile];
    const summary = batchSummary(stateOf(given));
    expect(summary?.byOutcome).toEqual({
      scheduled: { count: 1, totalFen: P3.amountFen },
      paid: { count: 1, totalFen: P1.amountFen },
      failed: { count: 1, totalFen: P2.amountFen },
      returned: { count: 1, totalFen: 44_501 },
    });
    const outcomes = Object.values(summary?.byOutcome ?? {});
    expect(outcomes.reduce((sum, t) => sum + t.totalFen, 0)).toBe(summary?.payments.totalFen);
    expect(summary).toMatchObject({
      status: 'submitted',
      bankFileRef: 'ICBC-SX-20210728-001',
      submittedAt: SUBMITTED_AT,
    });
  });

  it('shows the latest reconciliation, then the close', () => {
    const first = reconciled({ differenceFen: 1_000, result: 'reconciled-with-differences' });
    const given = [...SETTLED, first, reconciled()];
    expect(batchSummary(stateOf(given))).toMatchObject({
      status: 'reconciled',
      reconciliation: { result: 'reconciled', differenceFen: 0, differences: 0, reconciledAt: RECONCILED_AT },
    });
    const closed = [...given, ...when(given, closeBatch())];
    expect(batchSummary(stateOf(closed))).toMatchObject({ status: 'closed', closedAt: CLOSED_AT });
  });
});

describe('the unsettled payments of a batch', () => {
  it('are every payment until the bank answers, then those it has not answered for', () => {
    expect(unsettledPayments(stateOf(SUBMITTED))).toEqual(P1_TO_P3);
    expect(unsettledPayments(stateOf([...SUBMITTED, settlementRecorded([paid(P1), failed(P2)])]))).toEqual([P3]);
    expect(unsettledPayments(stateOf(SETTLED))).toEqual([]);
  });
});

describe('the reconciliation of a batch', () => {
  it('is absent until reconciled, then the latest one', () => {
    expect(reconciliation(stateOf(SETTLED))).toBeUndefined();
    const latest = reconciled({ reconciledAt: '2021-08-09T09:00:00+08:00' });
    const earlier = reconciled({ result: 'reconciled-with-differences' });
    expect(reconciliation(stateOf([...SETTLED, earlier, latest]))).toEqual(latest.data);
  });
});
