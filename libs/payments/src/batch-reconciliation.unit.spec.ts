import {
  approver,
  at,
  clerk,
  CLOSED_AT,
  closeBatch,
  countyReviewer,
  opened,
  P1,
  P1_TO_P3_TOTAL,
  P2,
  P3,
  paid,
  paymentsRecorded,
  readingsOf,
  reconcile,
  reconciled,
  refusal,
  SETTLED,
  settlementRecorded,
  stateOf,
  SUBMITTED,
  when,
} from '../test/batch.fixtures';
import type { BatchClosed } from './batch.events';
import { reconciliation } from './batch.queries';

const agreeing = () => ({
  casePaymentsTotalFen: P1_TO_P3_TOTAL,
  casePaymentCount: 3,
  perCase: readingsOf(stateOf(SETTLED)),
});

describe('a settled batch whose case payments agree with it', () => {
  it('is reconciled, with both totals and no difference', () => {
    expect(when(SETTLED, reconcile(agreeing()))).toEqual([reconciled()]);
  });

  it('is reconciled on the totals alone when the runner sends no per-case reading', () => {
    expect(when(SETTLED, reconcile({ casePaymentsTotalFen: P1_TO_P3_TOTAL, casePaymentCount: 3 }))).toEqual([
      reconciled(),
    ]);
  });

  it('takes the status reconciled', () => {
    expect(stateOf([...SETTLED, reconciled()]).status).toBe('reconciled');
  });
});

describe('a settled batch whose case payments disagree with it', () => {
  // The case streams hold 1 000 分 less for P1, still call P2 scheduled, miss P3 and know one more.
  const extra = { paymentId: 'pay-c-005-2021-08-assistance', amountFen: 89_000, outcome: 'paid' as const };
  const perCase = [
    { paymentId: P1.paymentId, amountFen: 119_000, outcome: 'paid' as const },
    { paymentId: P2.paymentId, amountFen: P2.amountFen, outcome: 'scheduled' as const },
    extra,
  ];
  const casePaymentsTotalFen = 119_000 + P2.amountFen + 89_000;

  it('reports every difference with the payments concerned, and adjusts nothing', () => {
    const [event] = when(SETTLED, reconcile({ casePaymentsTotalFen, casePaymentCount: 3, perCase }));
    expect(event).toEqual(
      reconciled({
        casePaymentsTotalFen,
        differenceFen: P1_TO_P3_TOTAL - casePaymentsTotalFen,
        differences: [
          {
            issue: 'amount',
            paymentId: P1.paymentId,
            caseId: 'c-001',
            batchAmountFen: 120_000,
            caseAmountFen: 119_000,
            differenceFen: 1_000,
          },
          {
            issue: 'outcome',
            paymentId: P2.paymentId,
            caseId: 'c-001',
            batchOutcome: 'failed',
            caseOutcome: 'scheduled',
          },
          { issue: 'not-in-cases', paymentId: P3.paymentId, caseId: 'c-002', batchAmountFen: 89_000 },
          { issue: 'not-in-batch', paymentId: extra.paymentId, caseAmountFen: 89_000 },
        ],
        result: 'reconciled-with-differences',
      }),
    );
    expect(event.data).toMatchObject({ batchTotalFen: P1_TO_P3_TOTAL, differenceFen: 1_000 });
  });

  it('reports an outcome difference even when the totals agree', () => {
    const perCase = readingsOf(stateOf(SETTLED)).map((r) =>
      r.paymentId === P2.paymentId ? { ...r, outcome: 'paid' as const } : r,
    );
    const [event] = when(SETTLED, reconcile({ ...agreeing(), perCase }));
    expect(event.data).toMatchObject({
      result: 'reconciled-with-differences',
      differenceFen: 0,
      differences: [{ issue: 'outcome', paymentId: P2.paymentId, batchOutcome: 'failed', caseOutcome: 'paid' }],
    });
  });

  it('reports a payment the case cancelled while the bank paid it', () => {
    const perCase = readingsOf(stateOf(SETTLED)).map((r) =>
      r.paymentId === P3.paymentId ? { ...r, outcome: 'cancelled' as const } : r,
    );
    const [event] = when(SETTLED, reconcile({ ...agreeing(), perCase }));
    expect(event.data).toMatchObject({
      differences: [{ issue: 'outcome', paymentId: P3.paymentId, batchOutcome: 'paid', caseOutcome: 'cancelled' }],
      result: 'reconciled-with-differences',
    });
  });

  it('reports a difference in count even when the totals agree', () => {
    // The case streams hold P3's money under P1: the sums agree, the payments do not.
    const perCase = [
      { paymentId: P1.paymentId, amountFen: 120_000 + P3.amountFen, outcome: 'paid' as const },
      { paymentId: P2.paymentId, amountFen: P2.amountFen, outcome: 'failed' as const },
    ];
    const [event] = when(SETTLED, reconcile({ casePaymentsTotalFen: P1_TO_P3_TOTAL, casePaymentCount: 2, perCase }));
    expect(event.data).toMatchObject({
      differenceFen: 0,
      countDifference: 1,
      differences: [
        { issue: 'amount', paymentId: P1.paymentId, differenceFen: -P3.amountFen },
        { issue: 'not-in-cases', paymentId: P3.paymentId },
      ],
      result: 'reconciled-with-differences',
    });
  });

  it('needs the per-case readings when the totals disagree, so the payments are named (400)', () => {
    expect(refusal(SETTLED, reconcile({ casePaymentsTotalFen, casePaymentCount: 3 }))).toMatchObject({
      kind: 'invalid',
      details: { field: 'perCase', differenceFen: P1_TO_P3_TOTAL - casePaymentsTotalFen },
    });
  });

  it('takes the status reconciled-with-differences and may be reconciled again', () => {
    const withDifferences = reconciled({ differenceFen: 1_000, result: 'reconciled-with-differences' });
    const given = [...SETTLED, withDifferences];
    expect(stateOf(given).status).toBe('reconciled-with-differences');
    const again = reconcile(agreeing(), countyReviewer, at('2021-08-10'));
    expect(when(given, again)).toEqual([reconciled({ reconciledBy: countyReviewer, reconciledAt: at('2021-08-10') })]);
    const state = stateOf([...given, ...when(given, again)]);
    expect(state.reconciliations).toHaveLength(2);
    expect(reconciliation(state)?.result).toBe('reconciled');
  });
});

describe('a reconciliation request that does not add up', () => {
  it('is refused when its readings do not sum to its own totals (400)', () => {
    const { perCase } = agreeing();
    expect(refusal(SETTLED, reconcile({ casePaymentsTotalFen: 1, casePaymentCount: 3, perCase }))).toMatchObject({
      details: { field: 'casePaymentsTotalFen' },
    });
    expect(refusal(SETTLED, reconcile({ ...agreeing(), casePaymentCount: 4 }))).toMatchObject({
      details: { field: 'casePaymentCount' },
    });
  });

  it('names the field at fault (400)', () => {
    const { perCase } = agreeing();
    const field = (data: object) => refusal(SETTLED, reconcile({ ...agreeing(), ...data } as never)).details.field;
    expect(field({ casePaymentsTotalFen: -1 })).toBe('casePaymentsTotalFen');
    expect(field({ casePaymentCount: 2.5 })).toBe('casePaymentCount');
    expect(field({ perCase: 'all' })).toBe('perCase');
    expect(field({ perCase: [perCase[0], perCase[0], perCase[2]] })).toBe('perCase[1].paymentId');
    expect(field({ perCase: [{ ...perCase[0], outcome: 'lost' }, perCase[1], perCase[2]] })).toBe('perCase[0].outcome');
  });
});

describe('a batch not ready for reconciliation', () => {
  it('is refused while the bank has not answered for every payment, naming those (409)', () => {
    const partly = [...SUBMITTED, settlementRecorded([paid(P1)])];
    expect(refusal(partly, reconcile(agreeing()))).toMatchObject({
      kind: 'conflict',
      code: 'batch-not-settled',
      details: { paymentIds: [P2.paymentId, P3.paymentId] },
    });
  });

  it('is refused before submission, once cleanly reconciled, and once closed (409)', () => {
    expect(refusal([opened, paymentsRecorded([P1])], reconcile(agreeing()))).toMatchObject({
      code: 'batch-not-submitted',
    });
    expect(refusal([...SETTLED, reconciled()], reconcile(agreeing()))).toMatchObject({ code: 'batch-reconciled' });
    const closed: BatchClosed = {
      type: 'BatchClosed',
      data: { batchId: reconciled().data.batchId, result: 'reconciled', closedBy: approver, closedAt: CLOSED_AT },
    };
    expect(refusal([...SETTLED, reconciled(), closed], reconcile(agreeing()))).toMatchObject({ code: 'batch-closed' });
  });
});

describe('closing the batch', () => {
  it('is refused before reconciliation (409)', () => {
    expect(refusal(SETTLED, closeBatch())).toMatchObject({ kind: 'conflict', code: 'batch-not-reconciled' });
    expect(refusal(SUBMITTED, closeBatch())).toMatchObject({ code: 'batch-not-reconciled' });
  });

  it('follows a clean reconciliation, naming the official', () => {
    expect(when([...SETTLED, reconciled()], closeBatch())).toEqual([
      {
        type: 'BatchClosed',
        data: { batchId: '330602001-202108', result: 'reconciled', closedBy: approver, closedAt: CLOSED_AT },
      },
    ]);
  });

  it('after differences, needs a note saying why (400), and keeps it', () => {
    const given = [...SETTLED, reconciled({ differenceFen: 1_000, result: 'reconciled-with-differences' })];
    expect(refusal(given, closeBatch())).toMatchObject({ kind: 'invalid', details: { field: 'note' } });
    const note = '差额1000分系c-001案件金额变更，已在9月批次补发，见越民救〔2021〕8号';
    expect(when(given, closeBatch(note))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ result: 'reconciled-with-differences', note }) }),
    ]);
  });

  it('is refused to a clerk (403) and a second time (409)', () => {
    const given = [...SETTLED, reconciled()];
    expect(refusal(given, closeBatch(undefined, clerk))).toMatchObject({ kind: 'forbidden' });
    const closed = [...given, ...when(given, closeBatch())];
    expect(stateOf(closed).status).toBe('closed');
    expect(refusal(closed, closeBatch())).toMatchObject({ kind: 'conflict', code: 'batch-closed' });
  });
});
