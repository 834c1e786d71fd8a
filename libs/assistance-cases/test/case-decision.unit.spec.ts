import type { CaseApproved } from '../src';
import {
  approver,
  at,
  command,
  countyReviewer,
  dibao850,
  dibao890,
  given,
  inPublicity,
  notInForce,
  NOVEMBER_2020,
  OTHER_TOWNSHIP,
  refusal,
  when,
  approve,
} from './case.fixtures';

describe('a township approval under a delegation in force', () => {
  const history = inPublicity();

  it('fixes the amount from the case by 补差, records the standard, the delegation and the month payment starts', () => {
    const [approved] = when(history, approve(at('2021-03-16'))) as [CaseApproved];

    expect(approved).toEqual({
      type: 'CaseApproved',
      data: {
        caseId: 'c-1',
        programme: 'dibao',
        decidedOn: '2021-03-16',
        decidedBy: { officialId: 'approver-1', unit: '330602001', level: 'township', delegationId: 'dlg-1' },
        delegationId: 'dlg-1',
        award: {
          kind: 'monthly',
          monthlyAmountFen: 177_000,
          payableFrom: '2021-04',
          standard: dibao890,
          calculation: {
            method: 'gap',
            standardFen: 89_000,
            memberCount: 3,
            countedIncomeFen: 90_000,
            deductedExpenditureFen: 0,
          },
        },
        deadline: { dueBy: '2021-04-13', met: true },
      },
    });
    expect(given([...history, approved])).toMatchObject({ status: 'approved', decision: { outcome: 'approved' } });
  });

  it('never takes an amount from the request', () => {
    expect(refusal(history, approve(at('2021-03-16'), { amountFen: 999_999 })).details).toMatchObject({
      field: 'amountFen',
    });
  });
});

describe('the standard a decision applies', () => {
  it('is the one in force in December 2020 for a December decision: 850 元, payable from January 2021', () => {
    const history = inPublicity(NOVEMBER_2020);
    const [approved] = when(history, approve(at('2020-12-10'), { standard: dibao850 })) as [CaseApproved];

    expect(approved.data.award).toMatchObject({
      monthlyAmountFen: (85_000 - 30_000) * 3,
      payableFrom: '2021-01',
      standard: { monthlyFen: 85_000, standardRef: { id: '3306/dibao/2020-01-01' } },
    });
  });

  it('is the one in force in January 2021 for a January decision: 890 元, payable from February, even if the opinion used 850', () => {
    const history = inPublicity(NOVEMBER_2020);
    const [approved] = when(history, approve(at('2021-01-05'), { standard: dibao890 })) as [CaseApproved];

    expect(given(history).opinion?.proposal).toMatchObject({ kind: 'monthly', monthlyAmountFen: 165_000 });
    expect(approved.data.award).toMatchObject({
      monthlyAmountFen: 177_000,
      payableFrom: '2021-02',
      standard: { monthlyFen: 89_000, standardRef: { id: '3306/dibao/2021-01-01' } },
    });
  });

  it('reads the decision month in China time: 17:00 UTC on 31 December is 1 January in Shaoxing', () => {
    const history = inPublicity(NOVEMBER_2020);
    const [approved] = when(history, approve('2020-12-31T17:00:00Z', { standard: dibao890 })) as [CaseApproved];
    expect(approved.data).toMatchObject({ decidedOn: '2021-01-01', award: { payableFrom: '2021-02' } });
  });

  it('refuses a standard that takes effect after the decision date', () => {
    const error = refusal(inPublicity(NOVEMBER_2020), approve(at('2020-12-10'), { standard: dibao890 }));
    expect(error).toMatchObject({ kind: 'invalid', details: { field: 'standard.effectiveFrom' } });
  });

  it('refuses the standard of another programme', () => {
    const error = refusal(
      inPublicity(),
      approve(at('2021-03-16'), { standard: { ...dibao890, programme: 'tekun-basic' } }),
    );
    expect(error.details).toMatchObject({ field: 'standard.programme' });
  });
});

describe('a township approval outside its delegation', () => {
  const history = inPublicity();

  it.each(['expired', 'not-yet-valid', 'suspended', 'revoked'] as const)(
    'is refused with 403 when the delegation is %s',
    (reason) => {
      const error = refusal(history, approve(at('2021-03-16'), { delegation: notInForce(reason, 'dlg-1') }));
      expect(error).toMatchObject({
        kind: 'forbidden',
        code: 'delegation-not-in-force',
        details: { reason, delegationId: 'dlg-1' },
      });
    },
  );

  it('refuses a delegation explained for another township', () => {
    const other = { inForce: true as const, delegation: { delegationId: 'dlg-9', townshipCode: OTHER_TOWNSHIP } };
    expect(refusal(history, approve(at('2021-03-16'), { delegation: other })).details).toMatchObject({
      field: 'delegation.delegation.townshipCode',
    });
  });

  it('becomes a recommendation to the county where the township never held the power', () => {
    const events = when(history, approve(at('2021-03-16'), { delegation: notInForce('none') }));
    expect(events).toEqual([
      {
        type: 'SubmittedForCountyConfirmation',
        data: {
          caseId: 'c-1',
          submittedOn: '2021-03-16',
          recommendation: 'approve',
          reasons: [],
          submittedBy: { officialId: 'approver-1', unit: '330602001' },
          because: 'none',
          confirmationDueBy: '2021-03-30',
        },
      },
    ]);
  });
});

describe('county confirmation (审核确认) of a submitted case', () => {
  const submitted = (() => {
    const history = inPublicity();
    return [
      ...history,
      ...when(history, approve(at('2021-03-16'), { delegation: notInForce('programme-not-delegated') })),
    ];
  })();
  const confirm = (data: Partial<Parameters<typeof command<'ConfirmCase'>>[1]>, actor = countyReviewer) =>
    command('ConfirmCase', { caseId: 'c-1', outcome: 'approve', ...data }, actor, at('2021-03-22'));

  it('approves at county level without a delegation', () => {
    const [approved] = when(submitted, confirm({ standard: dibao890 })) as [CaseApproved];
    expect(approved.data).toMatchObject({
      decidedBy: { officialId: 'county-1', unit: '330602', level: 'county' },
      delegationId: null,
      award: { monthlyAmountFen: 177_000, payableFrom: '2021-04' },
    });
  });

  it('rejects with reasons and sets the notice due date', () => {
    expect(when(submitted, confirm({ outcome: 'reject', reasons: ['核对发现家庭成员名下有商铺'] }))).toEqual([
      expect.objectContaining({ type: 'CaseRejected', data: expect.objectContaining({ noticeDueBy: '2021-03-25' }) }),
    ]);
    expect(refusal(submitted, confirm({ outcome: 'reject', reasons: [] })).details).toMatchObject({ field: 'reasons' });
  });

  it('is for the county reviewer alone', () => {
    expect(refusal(submitted, confirm({ standard: dibao890 }, approver))).toMatchObject({
      kind: 'forbidden',
      code: 'role-not-allowed',
    });
  });
});
