import {
  approver,
  at,
  auditor,
  clerk,
  command,
  countyReviewer,
  keqiaoReviewer,
  opened,
  P1,
  P1_TO_P3,
  P1_TO_P3_TOTAL,
  P2,
  P3,
  payment,
  paymentsRecorded,
  R1,
  R2,
  recordPayments,
  refusal,
  submitted,
  SUBMITTED,
  submitToBank,
  when,
} from '../test/batch.fixtures';

describe('the runner records the case payments it scheduled', () => {
  it('lists the payments and refusals as the case streams recorded them', () => {
    expect(when([opened], recordPayments(P1_TO_P3, [R1]))).toEqual([paymentsRecorded(P1_TO_P3, [R1])]);
  });

  it('records nothing when every payment and refusal is already in the batch (a repeated run)', () => {
    expect(when([opened, paymentsRecorded(P1_TO_P3, [R1])], recordPayments(P1_TO_P3, [R1]))).toEqual([]);
  });

  it('records only what is new when a run overlaps an earlier one', () => {
    const given = [opened, paymentsRecorded([P1], [R1])];
    expect(when(given, recordPayments([P1, P2, P3], [R1, R2]))).toEqual([paymentsRecorded([P2, P3], [R2])]);
  });

  it('records a payment listed twice in one request once', () => {
    expect(when([opened], recordPayments([P1, P2, P1]))).toEqual([paymentsRecorded([P1, P2])]);
  });

  it('keeps the amount the case recorded, whatever it is', () => {
    const odd = payment('c-009', 'assistance', 1);
    expect(when([opened], recordPayments([odd]))).toEqual([paymentsRecorded([odd])]);
  });
});

describe('a payment id already recorded arrives with other content', () => {
  it('is refused, with what the batch holds and what arrived (409)', () => {
    const changed = { ...P1, amountFen: 130_000 };
    expect(refusal([opened, paymentsRecorded([P1])], recordPayments([changed]))).toMatchObject({
      kind: 'conflict',
      code: 'payment-conflict',
      details: { paymentId: P1.paymentId, recorded: { amountFen: 120_000 }, received: { amountFen: 130_000 } },
    });
  });

  it('is refused within one request, naming the second entry (400)', () => {
    const changed = { ...P1, kind: 'price-subsidy' as const };
    expect(refusal([opened], recordPayments([P1, P2, changed]))).toMatchObject({
      kind: 'invalid',
      details: { field: 'payments[2].paymentId' },
    });
  });
});

describe('a payments request whose content breaks a rule', () => {
  const field = (payments: unknown, refusals: unknown = []) =>
    refusal([opened], recordPayments(payments as never, refusals as never)).details.field;

  it('names the field at fault (400)', () => {
    expect(field('P1')).toBe('payments');
    expect(field([P1], 'none')).toBe('refusals');
    expect(field([{ ...P1, caseId: ' ' }])).toBe('payments[0].caseId');
    expect(field([P1, { ...P2, paymentId: '' }])).toBe('payments[1].paymentId');
    expect(field([{ ...P1, kind: 'dibao' }])).toBe('payments[0].kind');
    expect(field([{ ...P1, amountFen: 0 }])).toBe('payments[0].amountFen');
    expect(field([{ ...P1, amountFen: 1200.5 }])).toBe('payments[0].amountFen');
    expect(field([{ ...P1, amountFen: '1200' }])).toBe('payments[0].amountFen');
    expect(field([], [{ ...R1, reason: '' }])).toBe('refusals[0].reason');
    expect(field([], [{ ...R1, kind: 'bonus' }])).toBe('refusals[0].kind');
  });
});

describe('payments for a batch that is not this one', () => {
  it('is not found when no batch was opened (404)', () => {
    expect(refusal([], recordPayments([P1]))).toMatchObject({ kind: 'not-found', code: 'batch-not-found' });
  });

  it('is refused when it names another batch (400)', () => {
    const other = command('RecordBatchPayments', { batchId: '330602001-202109', payments: [P1], refusals: [] }, clerk);
    expect(refusal([opened], other)).toMatchObject({ kind: 'invalid', details: { field: 'batchId' } });
  });

  it('is refused to a reviewer of another county and to an auditor (403)', () => {
    expect(refusal([opened], recordPayments([P1], [], keqiaoReviewer))).toMatchObject({
      code: 'outside-jurisdiction',
    });
    expect(refusal([opened], recordPayments([P1], [], auditor))).toMatchObject({ code: 'role-not-allowed' });
  });
});

describe('a batch submitted to the bank', () => {
  it('takes no more payments (409), naming them', () => {
    const late = payment('c-004', 'assistance', 89_000);
    expect(refusal(SUBMITTED, recordPayments([late]))).toMatchObject({
      kind: 'conflict',
      code: 'batch-submitted',
      details: { paymentIds: [late.paymentId] },
    });
  });

  it('takes no new refusals either (409)', () => {
    expect(refusal(SUBMITTED, recordPayments([], [R2]))).toMatchObject({ code: 'batch-submitted' });
  });

  it('answers a late repeat of what it already holds with nothing, not an error', () => {
    expect(when(SUBMITTED, recordPayments(P1_TO_P3, [R1]))).toEqual([]);
  });
});

describe('the approver submits the batch to the bank', () => {
  it('fixes the count and the total to the fen, by kind, with the bank file and the official', () => {
    expect(when([opened, paymentsRecorded(P1_TO_P3, [R1])], submitToBank())).toEqual([submitted]);
    expect(P1_TO_P3_TOTAL).toBe(P1.amountFen + P2.amountFen + P3.amountFen);
  });

  it('may be done by the county reviewer, not by a clerk (403)', () => {
    const given = [opened, paymentsRecorded(P1_TO_P3)];
    expect(when(given, submitToBank(countyReviewer))).toHaveLength(1);
    expect(refusal(given, submitToBank(clerk))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
  });

  it('is refused a second time (409) and for an empty batch (409)', () => {
    expect(refusal(SUBMITTED, submitToBank(approver, 'ICBC-SX-20210729-002', at('2021-07-29')))).toMatchObject({
      kind: 'conflict',
      code: 'batch-already-submitted',
      details: { bankFileRef: 'ICBC-SX-20210728-001' },
    });
    expect(refusal([opened, paymentsRecorded([], [R1])], submitToBank())).toMatchObject({ code: 'batch-empty' });
  });

  it('needs the bank file reference (400)', () => {
    expect(refusal([opened, paymentsRecorded([P1])], submitToBank(approver, '  '))).toMatchObject({
      kind: 'invalid',
      details: { field: 'bankFileRef' },
    });
  });
});
