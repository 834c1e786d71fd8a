import { entitlementFor, overpayments, paymentsToCancel } from '../src';
import { given, refusal, when } from './case.fixtures';
import { approvedDibao, decide, paidMonths, schedule, settle, step, then } from './case-management.fixtures';

describe('a payment of an approved 低保 case', () => {
  const approved = approvedDibao();

  it('is not made for the decision month: payment runs from the month after approval', () => {
    expect(when(approved, schedule('p-2021-03', '2021-03', '2021-03-20'))).toEqual([
      {
        type: 'PaymentRefused',
        data: {
          caseId: 'c-1',
          batchId: 'batch-330602001-202103',
          month: '2021-03',
          kind: 'assistance',
          refusedOn: '2021-03-20',
          reason: 'not-yet-payable',
          detail: 'payment runs from 2021-04, the month after the decision',
        },
      },
    ]);
  });

  it('is scheduled from April at the amount the case fixes, with its basis', () => {
    expect(when(approved, schedule('p-2021-04', '2021-04', '2021-03-25'))).toEqual([
      {
        type: 'PaymentScheduled',
        data: {
          caseId: 'c-1',
          paymentId: 'p-2021-04',
          batchId: 'batch-330602001-202104',
          month: '2021-04',
          kind: 'assistance',
          amountFen: 177_000,
          scheduledOn: '2021-03-25',
          basis: {
            kind: 'assistance',
            entitlement: {
              month: '2021-04',
              programme: 'dibao',
              decision: { kind: 'award', decidedOn: '2021-03-16' },
              standardRef: { streamId: 'standard-3306', id: '3306/dibao/2021-01-01' },
              calculation: {
                method: 'gap',
                standardFen: 89_000,
                memberCount: 3,
                stoppedShares: 0,
                countedIncomeFen: 90_000,
                deductedExpenditureFen: 0,
              },
              gradualExit: null,
            },
          },
        },
      },
    ]);
  });

  it('is not scheduled further ahead than the policy allows', () => {
    expect(refusal(approved, schedule('p-2021-06', '2021-06', '2021-04-01')).details).toMatchObject({ field: 'month' });
  });

  it('refuses a month visibly once per batch: re-running the batch records nothing more', () => {
    const refused = then(approved, schedule('p-2021-03', '2021-03', '2021-03-20'));
    expect(when(refused, schedule('p-2021-03', '2021-03', '2021-03-21'))).toEqual([]);
    expect(when(refused, schedule('p-2021-03', '2021-03', '2021-03-21', { batchId: 'batch-rerun' }))).toHaveLength(1);
  });
});

describe('scheduling the same month twice', () => {
  const scheduled = then(approvedDibao(), schedule('p-2021-04', '2021-04', '2021-04-01'));

  it('records one payment: a second batch or a retry appends nothing', () => {
    expect(when(scheduled, schedule('p-2021-04-bis', '2021-04', '2021-04-02', { batchId: 'batch-other' }))).toEqual([]);
    expect(when(scheduled, schedule('p-2021-04', '2021-04', '2021-04-02'))).toEqual([]);
    expect(entitlementFor(given(scheduled), '2021-04')).toMatchObject({ due: false, reason: 'already-scheduled' });
  });

  it('still records nothing once it is paid', () => {
    const paid = then(scheduled, settle('p-2021-04', 'paid', '2021-04-10'));
    expect(when(paid, schedule('p-2021-04-again', '2021-04', '2021-04-20'))).toEqual([]);
    expect(entitlementFor(given(paid), '2021-04')).toMatchObject({ due: false, reason: 'already-paid' });
  });

  it('refuses a payment id already used for another month', () => {
    expect(refusal(scheduled, schedule('p-2021-04', '2021-05', '2021-04-20'))).toMatchObject({
      kind: 'conflict',
      code: 'payment-id-in-use',
    });
  });
});

describe('a suspension between batch scheduling and bank settlement', () => {
  const scheduledJune = then(
    paidMonths(approvedDibao(), ['2021-04', '2021-05']),
    schedule('p-2021-06', '2021-06', '2021-06-01'),
  );
  const suspend = (date: string, from?: string) =>
    decide('SuspendCase', { reasons: ['举报反映家庭有未申报经营收入，核查期间暂停发放'], ...(from ? { from } : {}) }, date);
  const suspended = then(scheduledJune, suspend('2021-06-03'));

  it('withholds the month of the suspension and names the payment in flight', () => {
    expect(suspended.at(-1)).toEqual({
      type: 'CaseSuspended',
      data: {
        caseId: 'c-1',
        decidedOn: '2021-06-03',
        decidedBy: { officialId: 'approver-1', unit: '330602001', level: 'township', delegationId: 'dlg-1' },
        delegationId: 'dlg-1',
        reasons: ['举报反映家庭有未申报经营收入，核查期间暂停发放'],
        suspendedOn: '2021-06-03',
        from: '2021-06-03',
        fromMonth: '2021-06',
        paymentsToCancel: ['p-2021-06'],
      },
    });
    expect(paymentsToCancel(given(suspended))).toEqual([
      { paymentId: 'p-2021-06', month: '2021-06', kind: 'assistance', amountFen: 177_000, reason: 'suspended' },
    ]);
  });

  it('lets the payment be cancelled before the bank pays it, and refuses the next months visibly', () => {
    const cancelled = then(suspended, step('CancelPayment', { paymentId: 'p-2021-06', reasons: ['暂停发放'] }, '2021-06-04'));
    expect(cancelled.at(-1)).toMatchObject({
      type: 'PaymentCancelled',
      data: { paymentId: 'p-2021-06', amountFen: 177_000 },
    });
    expect(when(cancelled, schedule('p-2021-07', '2021-07', '2021-07-01'))).toEqual([
      expect.objectContaining({ type: 'PaymentRefused', data: expect.objectContaining({ reason: 'suspended' }) }),
    ]);
  });

  it('records the bank’s payment as it happened when it was not cancelled, flagged for recovery', () => {
    const paid = then(suspended, settle('p-2021-06', 'paid', '2021-06-08'));
    expect(paid.at(-1)).toMatchObject({
      type: 'PaymentSettled',
      data: { paymentId: 'p-2021-06', amountFen: 177_000, notDue: { reason: 'suspended' } },
    });
    expect(given(paid).payments.find((p) => p.paymentId === 'p-2021-06')).toMatchObject({
      status: 'paid',
      flaggedForRecovery: true,
    });
    expect(overpayments(given(paid))).toEqual([
      {
        paymentId: 'p-2021-06',
        month: '2021-06',
        kind: 'assistance',
        paidFen: 177_000,
        overpaidFen: 177_000,
        orderedFen: 0,
        reason: 'suspended',
      },
    ]);
  });

  it('starts next month when this month’s assistance was already paid: a hold cannot withhold money already out', () => {
    const paidJune = then(scheduledJune, settle('p-2021-06', 'paid', '2021-06-02'));
    expect(when(paidJune, suspend('2021-06-03')).at(-1)?.data).toMatchObject({
      fromMonth: '2021-07',
      paymentsToCancel: [],
    });
    expect(when(paidJune, suspend('2021-06-03', '2021-05-20')).at(-1)?.data).toMatchObject({ fromMonth: '2021-05' });
  });

  it('resumes from the month of resumption, the months between staying withheld, or with back pay', () => {
    const resume = (backPay: boolean) => decide('ResumeCase', { reasons: ['核查无误'], backPay }, '2021-08-03');
    const resumed = then(suspended, resume(false));
    expect(resumed.at(-1)?.data).toMatchObject({
      fromMonth: '2021-08',
      backPay: false,
      withheldMonths: ['2021-06', '2021-07'],
    });
    expect(entitlementFor(given(resumed), '2021-07')).toMatchObject({ due: false, reason: 'suspended' });
    expect(entitlementFor(given(resumed), '2021-08')).toMatchObject({ due: true, amountFen: 177_000 });
    const backPaid = then(suspended, resume(true));
    expect(backPaid.at(-1)?.data).toMatchObject({ fromMonth: '2021-06', withheldMonths: [] });
    expect(entitlementFor(given(backPaid), '2021-07')).toMatchObject({ due: true, amountFen: 177_000 });
  });
});

describe('a returned payment', () => {
  const returned = then(
    approvedDibao(),
    schedule('p-2021-04', '2021-04', '2021-04-01'),
    settle('p-2021-04', 'returned', '2021-04-08', '账户已销户'),
  );
  const reissue = (newPaymentId: string, date = '2021-04-12', paymentId = 'p-2021-04') =>
    step('ReissuePayment', { paymentId, newPaymentId, batchId: 'batch-330602001-202104-r' }, date);

  it('is re-issued once, at the amount due for its month', () => {
    expect(returned.at(-1)).toMatchObject({
      type: 'PaymentReturned',
      data: { paymentId: 'p-2021-04', reason: '账户已销户', afterPaid: false },
    });
    expect(when(returned, reissue('p-2021-04-r1'))).toEqual([
      {
        type: 'PaymentReissued',
        data: expect.objectContaining({
          originalPaymentId: 'p-2021-04',
          paymentId: 'p-2021-04-r1',
          month: '2021-04',
          kind: 'assistance',
          amountFen: 177_000,
          reissuedOn: '2021-04-12',
        }),
      },
    ]);
  });

  it('refuses a second reissue with 409, while the same reissue sent again records nothing', () => {
    const reissued = then(returned, reissue('p-2021-04-r1'));
    expect(refusal(reissued, reissue('p-2021-04-r2', '2021-04-13'))).toMatchObject({
      kind: 'conflict',
      code: 'payment-already-reissued',
      details: { reissuedAs: 'p-2021-04-r1' },
    });
    expect(when(reissued, reissue('p-2021-04-r1', '2021-04-13'))).toEqual([]);
    expect(when(reissued, schedule('p-2021-04-b', '2021-04', '2021-04-13'))).toEqual([]);
  });

  it('holds its month until reissued, so a batch re-run does not pay it twice', () => {
    expect(entitlementFor(given(returned), '2021-04')).toMatchObject({ due: false, reason: 'reissue-pending' });
    expect(when(returned, schedule('p-2021-04-b', '2021-04', '2021-04-13'))).toEqual([]);
  });

  it('is the only kind of payment reissued: a paid one is not', () => {
    const paid = then(
      approvedDibao(),
      schedule('p-2021-04', '2021-04', '2021-04-01'),
      settle('p-2021-04', 'paid', '2021-04-08'),
    );
    expect(refusal(paid, reissue('p-2021-04-r1'))).toMatchObject({ code: 'payment-not-reissuable' });
  });

  it('is not reissued once the month is no longer due', () => {
    const suspended = then(returned, decide('SuspendCase', { reasons: ['核查'], from: '2021-04-01' }, '2021-04-10'));
    expect(refusal(suspended, reissue('p-2021-04-r1'))).toMatchObject({
      code: 'payment-not-due',
      details: { reason: 'suspended' },
    });
  });
});

describe('a settlement', () => {
  const scheduled = then(approvedDibao(), schedule('p-2021-04', '2021-04', '2021-04-01'));

  it('is recorded once: the same report again records nothing, a contradicting one is refused', () => {
    const paid = then(scheduled, settle('p-2021-04', 'paid', '2021-04-08'));
    expect(paid.at(-1)).toMatchObject({
      type: 'PaymentSettled',
      data: { notDue: null, bankReference: 'BR-p-2021-04-paid' },
    });
    expect(when(paid, settle('p-2021-04', 'paid', '2021-04-08'))).toEqual([]);
    expect(refusal(paid, settle('p-2021-04', 'failed', '2021-04-09', '户名不符'))).toMatchObject({
      code: 'payment-already-settled',
    });
    expect(when(paid, settle('p-2021-04', 'returned', '2021-04-20', '退回'))[0]).toMatchObject({
      type: 'PaymentReturned',
      data: { afterPaid: true },
    });
  });

  it('needs a reason for a failure and names an unknown payment', () => {
    expect(refusal(scheduled, settle('p-2021-04', 'failed', '2021-04-08')).details).toMatchObject({ field: 'reason' });
    expect(refusal(scheduled, settle('p-x', 'paid', '2021-04-08'))).toMatchObject({
      kind: 'not-found',
      code: 'payment-not-found',
    });
  });
});
