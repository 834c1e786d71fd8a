import type { CaseEvent, CaseState, ManagementEvent, PaymentEvent } from '../src';
import { approver, countyReviewer, IDS } from './case.fixtures';
import {
  approvedDibao,
  approvedTekun,
  death,
  decide,
  dibao890,
  paidMonths,
  schedule,
  settle,
  step,
  then,
} from './case-management.fixtures';

/** What each event after approval does to the state, and histories in which every one occurs. */

type AfterApproval = ManagementEvent | PaymentEvent;
type Checks = {
  [K in AfterApproval['type']]: (after: CaseState, event: Extract<CaseEvent, { type: K }>, before: CaseState) => void;
};

const payment = (s: CaseState, paymentId: string) => s.payments.find((p) => p.paymentId === paymentId);

export const managementChecks: Checks = {
  CaseClassified: (s, e) =>
    expect(s.review).toMatchObject({ reviewClass: e.data.reviewClass, nextDueBy: e.data.nextReviewDueBy }),
  ReviewRecorded: (s, e, b) =>
    expect(s.review).toMatchObject({
      lastReviewedOn: e.data.reviewedOn,
      nextDueBy: e.data.nextDueBy,
      reviews: (b.review?.reviews ?? 0) + 1,
    }),
  HouseholdChangeReported: (s, e, b) => {
    expect(s.members).toHaveLength(b.members.length + e.data.membersJoined.length);
    for (const left of e.data.membersLeft) expect(s.members[left.memberIndex].leftOn).toBe(left.leftOn);
    expect(s.personal.memberIdNumbers.slice(b.members.length)).toEqual(
      e.data.personal.membersJoined.map((m) => m.idNumber),
    );
    expect(s.reportedIncomeFen).toEqual(e.data.monthlyIncomeFen ?? b.reportedIncomeFen);
  },
  AmountChanged: (s, e) => {
    expect(s.amounts.at(-1)).toMatchObject({
      kind: 'amount-changed',
      from: e.data.from,
      monthlyAmountFen: e.data.monthlyAmountFen,
    });
    expect(s.reportedIncomeFen).toBeNull();
  },
  GradualExitStarted: (s, e) =>
    expect(s.amounts.at(-1)).toMatchObject({ kind: 'gradual-exit', from: e.data.from, gradualExitUntil: e.data.until }),
  JobOfferRefused: (s, e) => expect(s.members[e.data.memberIndex].refusedOffers).toBe(e.data.consecutiveRefusals),
  JobOfferAccepted: (s, e) =>
    expect(s.members[e.data.memberIndex]).toMatchObject({ refusedOffers: 0, shareStoppedFrom: null }),
  MemberShareStopped: (s, e) => {
    expect(s.members[e.data.memberIndex].shareStoppedFrom).toBe(e.data.from);
    expect(s.shareStops.at(-1)).toEqual({ memberIndex: e.data.memberIndex, from: e.data.from });
  },
  CaseSuspended: (s, e) => {
    expect(s.status).toBe('suspended');
    expect(s.suspensions.at(-1)).toEqual({
      suspendedOn: e.data.suspendedOn,
      fromMonth: e.data.fromMonth,
      resumedFrom: null,
    });
  },
  CaseResumed: (s, e) => {
    expect(s.status).toBe('approved');
    expect(s.suspensions.at(-1)?.resumedFrom).toBe(e.data.fromMonth);
  },
  TerminationPublicityStarted: (s, e) => {
    const { ground, reasons, from, until } = e.data;
    expect(s.terminationProcedure).toEqual({ ground, reasons, from, until, objection: null });
  },
  TerminationObjectionRecorded: (s, e) =>
    expect(s.terminationProcedure?.objection).toEqual({ receivedOn: e.data.receivedOn, decideBy: e.data.decideBy }),
  TerminationWithdrawn: (s) => expect(s.terminationProcedure).toBeNull(),
  CaseTerminated: (s, e) => {
    const { decidedOn, effectiveFrom, ground, decidedBy } = e.data;
    expect(s).toMatchObject({ status: 'terminated', terminationProcedure: null });
    expect(s.termination).toEqual({ terminatedOn: decidedOn, effectiveFrom, ground, decidedBy });
  },
  MemberDied: (s, e) => expect(s.members[e.data.memberIndex].diedOn).toBe(e.data.diedOn),
  PaymentScheduled: (s, e) =>
    expect(s.payments.at(-1)).toMatchObject({
      paymentId: e.data.paymentId,
      status: 'scheduled',
      amountFen: e.data.amountFen,
      reissueOf: null,
    }),
  PaymentRefused: (s, e) => {
    const { batchId, month, kind, reason } = e.data;
    expect(s.paymentRefusals.at(-1)).toEqual({ batchId, month, kind, reason });
  },
  PaymentSettled: (s, e) =>
    expect(payment(s, e.data.paymentId)).toMatchObject({
      status: 'paid',
      settledOn: e.data.settledOn,
      flaggedForRecovery: e.data.notDue !== null,
    }),
  PaymentFailed: (s, e) =>
    expect(payment(s, e.data.paymentId)).toMatchObject({ status: 'failed', bankReference: e.data.bankReference }),
  PaymentReturned: (s, e) =>
    expect(payment(s, e.data.paymentId)).toMatchObject({ status: 'returned', settledOn: e.data.settledOn }),
  PaymentCancelled: (s, e) => expect(payment(s, e.data.paymentId)?.status).toBe('cancelled'),
  PaymentReissued: (s, e) => {
    expect(payment(s, e.data.originalPaymentId)?.reissuedAs).toBe(e.data.paymentId);
    expect(payment(s, e.data.paymentId)).toMatchObject({
      status: 'scheduled',
      reissueOf: e.data.originalPaymentId,
      amountFen: e.data.amountFen,
    });
  },
  RecoveryOrdered: (s, e) =>
    expect(s.recoveries.at(-1)).toMatchObject({
      recoveryId: e.data.recoveryId,
      amountFen: e.data.amountFen,
      repaidFen: 0,
      fine: null,
    }),
  RepaymentRecorded: (s, e, b) =>
    expect(s.recoveries.find((r) => r.recoveryId === e.data.recoveryId)?.repaidFen).toBe(
      (b.recoveries.find((r) => r.recoveryId === e.data.recoveryId)?.repaidFen ?? 0) + e.data.amountFen,
    ),
  FraudFineImposed: (s, e) =>
    expect(s.recoveries.find((r) => r.recoveryId === e.data.recoveryId)?.fine).toEqual({
      multiple: e.data.multiple,
      amountFen: e.data.amountFen,
      decisionRef: e.data.decisionRef,
    }),
};

const refuseOffer = (date: string) =>
  step('RecordJobOfferRefused', { memberIndex: 1, offeredOn: date, offer: '社区保洁员' }, date);

/** A 低保 case through classification, payments of every outcome, changes, suspension, 渐退期, a death and termination. */
export function managedDibao(): CaseEvent[] {
  return then(
    approvedDibao(),
    step('ClassifyCase', { reviewClass: 'stable', reasons: ['收入稳定'] }, '2021-03-20', approver),
    schedule('p-2021-03', '2021-03', '2021-03-25'),
    schedule('p-2021-04', '2021-04', '2021-04-01'),
    settle('p-2021-04', 'paid', '2021-04-08'),
    schedule('p-2021-05', '2021-05', '2021-05-01'),
    settle('p-2021-05', 'failed', '2021-05-08', '户名不符'),
    step('ReissuePayment', { paymentId: 'p-2021-05', newPaymentId: 'p-2021-05-r', batchId: 'b-r' }, '2021-05-10'),
    settle('p-2021-05-r', 'returned', '2021-05-15', '账户冻结'),
    schedule('p-2021-06', '2021-06', '2021-05-20'),
    step('CancelPayment', { paymentId: 'p-2021-06', reasons: ['批次重做'] }, '2021-05-25'),
    refuseOffer('2021-06-01'),
    refuseOffer('2021-06-02'),
    refuseOffer('2021-06-03'),
    step('RecordJobOfferAccepted', { memberIndex: 1, acceptedOn: '2021-06-05', offer: '超市理货员' }, '2021-06-05'),
    step('RecordReview', { reviewedOn: '2021-06-10', outcome: 'change-needed', findings: '子女迁出，祖父迁入' }, '2021-06-10'),
    step(
      'ReportHouseholdChange',
      {
        reportedOn: '2021-06-15',
        source: 'staff',
        summary: '子女迁出，祖父迁入，配偶就业',
        membersJoined: [{ relation: 'grandparent', personal: { name: '赵六', idNumber: IDS.elsewhere } }],
        membersLeft: [{ memberIndex: 2, leftOn: '2021-06-01', reason: '户口迁出' }],
        monthlyIncomeFen: { wages: 60_000 },
      },
      '2021-06-15',
    ),
    decide('ChangeAmount', { reasons: ['家庭人口和收入变化'], standard: dibao890 }, '2021-06-20'),
    decide('SuspendCase', { reasons: ['核查举报'] }, '2021-07-05'),
    decide('ResumeCase', { reasons: ['举报不实'] }, '2021-07-20'),
    step(
      'ReportHouseholdChange',
      { reportedOn: '2021-08-02', source: 'household', summary: '户主就业', monthlyIncomeFen: { wages: 400_000 } },
      '2021-08-02',
    ),
    decide('StartGradualExit', { reasons: ['就业增收'], standard: dibao890 }, '2021-08-10'),
    death(IDS.elsewhere, '2021-09-01', '2021-09-05'),
    decide('TerminateCase', { ground: 'income-above-standard', reasons: ['收入超过标准'] }, '2021-10-10'),
  );
}

/** A 特困 case: a termination publicised, objected to and withdrawn; a death reported late, recovered and fined. */
export function managedTekun(): CaseEvent[] {
  return then(
    paidMonths(approvedTekun(), ['2021-04', '2021-05', '2021-06']),
    step('StartTerminationPublicity', { ground: 'supporter-able', reasons: ['赡养人就业'], place: '公开栏' }, '2021-06-15'),
    step('RecordTerminationObjection', { receivedOn: '2021-06-16', summary: '赡养人收入低' }, '2021-06-16'),
    decide('WithdrawTermination', { reasons: ['异议成立'] }, '2021-06-18'),
    death(IDS.elder, '2021-05-20', '2021-06-25'),
    decide('OrderRecovery', { recoveryId: 'rc-1', reasons: ['死亡后冒领'] }, '2021-06-28'),
    step('RecordRepayment', { recoveryId: 'rc-1', amountFen: 100_000, paidOn: '2021-06-30' }, '2021-06-30'),
    step('ImposeFraudFine', { recoveryId: 'rc-1', multiple: 1, decisionRef: '越民罚〔2021〕1号' }, '2021-07-01', countyReviewer),
  );
}
