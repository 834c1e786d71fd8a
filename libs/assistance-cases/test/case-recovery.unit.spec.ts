import { overpayments, unrecoveredOverpaymentFen } from '../src';
import { approver, clerk, countyReviewer, given, IDS, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, death, decide, paidMonths, settle, step, then } from './case-management.fixtures';

const MONTHS = ['2021-04', '2021-05', '2021-06', '2021-07', '2021-08'];

describe('a 特困 death reported three months late (died 20 May, recorded 2 September)', () => {
  const paid = paidMonths(approvedTekun(), MONTHS);
  const reported = then(paid, death(IDS.elder, '2021-05-20', '2021-09-02'));
  const order = (recoveryId = 'rc-1', actor = approver) =>
    decide('OrderRecovery', { recoveryId, reasons: ['供养对象死亡后冒领'] }, '2021-09-06', actor);

  it('ends the case from June and shows June to August as overpaid', () => {
    expect(reported.at(-1)).toMatchObject({ type: 'CaseTerminated', data: { ground: 'death', effectiveFrom: '2021-06' } });
    expect(overpayments(given(reported))).toEqual(
      ['2021-06', '2021-07', '2021-08'].map((month) => ({
        paymentId: `p-${month}`,
        month,
        kind: 'assistance',
        paidFen: 160_200,
        overpaidFen: 160_200,
        orderedFen: 0,
        reason: 'after-death',
      })),
    );
    expect(unrecoveredOverpaymentFen(given(reported))).toBe(480_600);
  });

  it('orders the recovery of the amount computed from the case, once', () => {
    const [ordered] = when(reported, order());
    expect(ordered).toMatchObject({
      type: 'RecoveryOrdered',
      data: {
        recoveryId: 'rc-1',
        orderedOn: '2021-09-06',
        decidedBy: { level: 'township', delegationId: 'dlg-1' },
        amountFen: 480_600,
        items: [
          { paymentId: 'p-2021-06', month: '2021-06', amountFen: 160_200, reason: 'after-death' },
          { paymentId: 'p-2021-07', month: '2021-07', amountFen: 160_200, reason: 'after-death' },
          { paymentId: 'p-2021-08', month: '2021-08', amountFen: 160_200, reason: 'after-death' },
        ],
      },
    });
    const after = [...reported, ordered];
    expect(unrecoveredOverpaymentFen(given(after))).toBe(0);
    expect(refusal(after, order('rc-2'))).toMatchObject({ code: 'no-overpayment' });
    expect(refusal(after, order('rc-1'))).toMatchObject({ code: 'recovery-id-in-use' });
  });

  it('records repayments up to what is outstanding', () => {
    const ordered = then(reported, order());
    const repay = (amountFen: number, date: string) =>
      step('RecordRepayment', { recoveryId: 'rc-1', amountFen, paidOn: date, receiptRef: 'SK-001' }, date);
    const [first] = when(ordered, repay(200_000, '2021-09-20'));
    expect(first).toMatchObject({ type: 'RepaymentRecorded', data: { amountFen: 200_000, outstandingFen: 280_600 } });
    expect(refusal([...ordered, first], repay(300_000, '2021-10-08'))).toMatchObject({
      code: 'repayment-exceeds-outstanding',
      details: { outstandingFen: 280_600 },
    });
    const unknown = step('RecordRepayment', { recoveryId: 'rc-9', amountFen: 1, paidOn: '2021-09-20' }, '2021-09-20');
    expect(refusal(ordered, unknown)).toMatchObject({ kind: 'not-found', code: 'recovery-not-found' });
  });

  it('lets the county fine 1 to 3 times the amount obtained, once', () => {
    const ordered = then(reported, order());
    const fine = (multiple: number, actor = countyReviewer) =>
      step('ImposeFraudFine', { recoveryId: 'rc-1', multiple, decisionRef: '越民罚〔2021〕7号' }, '2021-09-30', actor);
    expect(when(ordered, fine(2))).toEqual([
      {
        type: 'FraudFineImposed',
        data: {
          caseId: 'c-1',
          recoveryId: 'rc-1',
          imposedOn: '2021-09-30',
          decidedBy: { officialId: 'county-1', unit: '330602', level: 'county' },
          decisionRef: '越民罚〔2021〕7号',
          multiple: 2,
          baseAmountFen: 480_600,
          amountFen: 961_200,
        },
      },
    ]);
    expect(when(ordered, fine(1.5))[0].data).toMatchObject({ amountFen: 720_900 });
    expect(when(ordered, fine(1))[0].data).toMatchObject({ amountFen: 480_600 });
    expect(when(ordered, fine(3))[0].data).toMatchObject({ amountFen: 1_441_800 });
    for (const multiple of [0.5, 3.5, 1.234]) {
      expect(refusal(ordered, fine(multiple)).details).toMatchObject({ field: 'multiple' });
    }
    expect(refusal(ordered, fine(2, approver))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
    expect(refusal(then(ordered, fine(2)), fine(2))).toMatchObject({ code: 'fine-already-imposed' });
  });

  it('is ordered by a decider only', () => {
    expect(refusal(reported, order('rc-1', clerk))).toMatchObject({ code: 'role-not-allowed' });
  });
});

describe('the late-reported death of one member of a 低保 household', () => {
  it('shows the months since as partly overpaid: one member’s standard each', () => {
    const reported = then(paidMonths(approvedDibao(), MONTHS), death(IDS.spouse, '2021-05-20', '2021-09-02'));
    expect(overpayments(given(reported)).map((o) => [o.month, o.overpaidFen, o.reason])).toEqual([
      ['2021-06', 89_000, 'amount-reduced'],
      ['2021-07', 89_000, 'amount-reduced'],
      ['2021-08', 89_000, 'amount-reduced'],
    ]);
  });
});

describe('a payment the bank made after its cancellation', () => {
  it('is a duplicate of the month when another payment of it was made', () => {
    const history = then(
      approvedDibao(),
      step('SchedulePayment', { paymentId: 'p-a', batchId: 'b-1', month: '2021-04', kind: 'assistance' }, '2021-04-01'),
      step('CancelPayment', { paymentId: 'p-a', reasons: ['银行文件重做'] }, '2021-04-02'),
      step('SchedulePayment', { paymentId: 'p-b', batchId: 'b-2', month: '2021-04', kind: 'assistance' }, '2021-04-03'),
      settle('p-b', 'paid', '2021-04-08'),
      settle('p-a', 'paid', '2021-04-08'),
    );
    expect(history.at(-1)).toMatchObject({ type: 'PaymentSettled', data: { notDue: { reason: 'cancelled' } } });
    expect(overpayments(given(history))).toEqual([
      expect.objectContaining({ paymentId: 'p-a', overpaidFen: 177_000, reason: 'duplicate' }),
    ]);
  });
});
