import {
  auditor,
  clerk,
  countyReviewer,
  failed,
  opened,
  P1,
  P2,
  P3,
  paid,
  payment,
  paymentsRecorded,
  refusal,
  settle,
  SETTLED,
  settlementRecorded,
  stateOf,
  SUBMITTED,
  when,
} from '../test/batch.fixtures';

describe('the bank’s return file for a submitted batch', () => {
  it('records each payment’s outcome and the bank’s reference', () => {
    const results = [paid(P1), failed(P2), paid(P3)];
    expect(when(SUBMITTED, settle(results))).toEqual([settlementRecorded(results)]);
  });

  it('may cover part of the batch; the batch is settled once every payment has a result', () => {
    const first = [...SUBMITTED, settlementRecorded([paid(P1)])];
    expect(stateOf(first).status).toBe('submitted');
    expect(when(first, settle([failed(P2), paid(P3)]))).toEqual([settlementRecorded([failed(P2), paid(P3)])]);
    expect(stateOf([...first, settlementRecorded([failed(P2), paid(P3)])]).status).toBe('settled');
  });

  it('records a returned payment with the bank’s reason', () => {
    const returned = { paymentId: P3.paymentId, outcome: 'returned' as const, bankReference: 'R-77', reason: '户名不符' };
    expect(when(SUBMITTED, settle([returned]))).toEqual([settlementRecorded([returned])]);
  });

  it('records nothing for lines already recorded identically (a file loaded twice)', () => {
    expect(when(SETTLED, settle([paid(P1), failed(P2)]))).toEqual([]);
    expect(when([...SUBMITTED, settlementRecorded([paid(P1)])], settle([paid(P1), paid(P1), paid(P3)]))).toEqual([
      settlementRecorded([paid(P3)]),
    ]);
  });

  it('may be entered by the county reviewer, not by an auditor (403)', () => {
    expect(when(SUBMITTED, settle([paid(P1)], countyReviewer))).toHaveLength(1);
    expect(refusal(SUBMITTED, settle([paid(P1)], auditor))).toMatchObject({ code: 'role-not-allowed' });
  });
});

describe('a result for a payment the batch does not hold', () => {
  it('is refused, naming results[i].paymentId (400)', () => {
    const stranger = payment('c-404', 'assistance', 89_000);
    expect(refusal(SUBMITTED, settle([paid(P1), paid(stranger)]))).toMatchObject({
      kind: 'invalid',
      details: { field: 'results[1].paymentId', paymentId: stranger.paymentId },
    });
  });
});

describe('a payment settled twice', () => {
  it('with another outcome is refused, showing both (409)', () => {
    expect(refusal(SETTLED, settle([paid(P2)]))).toMatchObject({
      kind: 'conflict',
      code: 'settlement-conflict',
      details: {
        paymentId: P2.paymentId,
        recorded: { outcome: 'failed' },
        received: { outcome: 'paid' },
      },
    });
  });

  it('with the same outcome under another bank reference is refused: two transactions for one payment (409)', () => {
    expect(refusal(SETTLED, settle([paid(P1, 'B-OTHER')]))).toMatchObject({ code: 'settlement-conflict' });
  });

  it('with two outcomes in one file is refused, naming the second line (400)', () => {
    expect(refusal(SUBMITTED, settle([paid(P1), paid(P3), failed(P1)]))).toMatchObject({
      kind: 'invalid',
      details: { field: 'results[2].paymentId' },
    });
  });
});

describe('a settlement request that cannot be taken', () => {
  it('is refused before the batch went to the bank (409)', () => {
    expect(refusal([opened, paymentsRecorded([P1])], settle([paid(P1)]))).toMatchObject({
      kind: 'conflict',
      code: 'batch-not-submitted',
    });
  });

  it('names the field at fault (400)', () => {
    const field = (results: unknown) => refusal(SUBMITTED, settle(results as never, clerk)).details.field;
    expect(field([])).toBe('results');
    expect(field([{ ...paid(P1), outcome: 'ok' }])).toBe('results[0].outcome');
    expect(field([{ ...paid(P1), bankReference: '' }])).toBe('results[0].bankReference');
    expect(field([{ ...failed(P1), reason: ' ' }])).toBe('results[0].reason');
    expect(field([{ ...paid(P1), reason: 'n/a' }])).toBe('results[0].reason');
    expect(field([{ paymentId: P1.paymentId, outcome: 'returned', bankReference: 'R-1' }])).toBe('results[0].reason');
  });
});
