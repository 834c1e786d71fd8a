import { entitlementFor } from '../src';
import { given, IDS, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, death, schedule, then } from './case-management.fixtures';

describe('the death of a 特困 person, the only member, on 15 June', () => {
  const tekun = approvedTekun();
  const recorded = then(tekun, death(IDS.elder, '2021-06-15', '2021-06-20'));

  it('ends the case by rule from July, naming the civil-registration record', () => {
    expect(recorded.slice(tekun.length)).toEqual([
      {
        type: 'MemberDied',
        data: {
          caseId: 'c-1',
          memberIndex: 0,
          diedOn: '2021-06-15',
          recordedOn: '2021-06-20',
          source: { registry: '公安户籍', recordId: 'DR-1' },
          effectiveFrom: '2021-07',
          householdEnded: true,
          monthlyAmountFen: null,
        },
      },
      {
        type: 'CaseTerminated',
        data: {
          caseId: 'c-1',
          programme: 'tekun',
          decidedOn: '2021-06-20',
          decidedBy: null,
          delegationId: null,
          reasons: [],
          ground: 'death',
          effectiveFrom: '2021-07',
          publicity: null,
          paymentsToCancel: [],
        },
      },
    ]);
  });

  it('is paid for the death month and not after', () => {
    const state = given(recorded);
    expect(entitlementFor(state, '2021-06')).toMatchObject({ due: true, amountFen: 160_200 });
    expect(entitlementFor(state, '2021-07')).toMatchObject({ due: false, reason: 'after-death' });
    expect(when(recorded, schedule('p-2021-06', '2021-06', '2021-06-21'))).toEqual([
      expect.objectContaining({ type: 'PaymentScheduled', data: expect.objectContaining({ amountFen: 160_200 }) }),
    ]);
    expect(when(recorded, schedule('p-2021-07', '2021-07', '2021-07-01'))).toEqual([
      expect.objectContaining({ type: 'PaymentRefused', data: expect.objectContaining({ reason: 'after-death' }) }),
    ]);
  });

  it('names a July payment already scheduled for cancellation', () => {
    const scheduled = then(tekun, schedule('p-2021-07', '2021-07', '2021-06-25'));
    expect(when(scheduled, death(IDS.elder, '2021-06-15', '2021-06-28'))[1].data).toMatchObject({
      paymentsToCancel: ['p-2021-07'],
    });
  });

  it('is recorded once: the same death again records nothing, a different date is refused', () => {
    expect(when(recorded, death(IDS.elder, '2021-06-15', '2021-06-25', 'DR-2'))).toEqual([]);
    expect(refusal(recorded, death(IDS.elder, '2021-06-16', '2021-06-25'))).toMatchObject({
      kind: 'conflict',
      code: 'death-already-recorded',
      details: { memberIndex: 0, diedOn: '2021-06-15' },
    });
  });

  it('names a person who is not a member of the household', () => {
    expect(refusal(tekun, death(IDS.elsewhere, '2021-06-15', '2021-06-20')).details).toMatchObject({ field: 'idNumber' });
  });
});

describe('the death of one member of a three-person 低保 household', () => {
  const recorded = then(approvedDibao(), death(IDS.spouse, '2021-06-15', '2021-06-20'));

  it('reduces the household from the month after the death: 2 × 890 − 900 元', () => {
    expect(recorded.at(-1)).toMatchObject({
      type: 'MemberDied',
      data: { memberIndex: 1, effectiveFrom: '2021-07', householdEnded: false, monthlyAmountFen: 88_000 },
    });
    const state = given(recorded);
    expect(state.status).toBe('approved');
    expect(entitlementFor(state, '2021-06')).toMatchObject({ due: true, amountFen: 177_000 });
    expect(entitlementFor(state, '2021-07')).toMatchObject({
      due: true,
      amountFen: 88_000,
      basis: { entitlement: { calculation: { memberCount: 2 } } },
    });
  });
});
