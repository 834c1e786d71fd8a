import { addMonths } from '@app/calendar';
import { entitlementFor, terminationDue } from '../src';
import { countyReviewer, given, IDS, notInForce, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, death, decide, dibao890, step, then } from './case-management.fixtures';

const report = (date: string, change: Record<string, unknown>) =>
  step('ReportHouseholdChange', { reportedOn: date, source: 'household', summary: '家庭主动申报变化', ...change } as never, date);
const changeAmount = (date: string) => decide('ChangeAmount', { reasons: ['家庭收入或人口变化'], standard: dibao890 }, date);

describe('a change of amount (增发/减发/停发)', () => {
  const dibao = approvedDibao();

  it('cuts the amount from next month when the child leaves and income changes: 2 × 890 − 600 元', () => {
    const reported = then(
      dibao,
      report('2021-06-08', {
        membersLeft: [{ memberIndex: 2, leftOn: '2021-06-01', reason: '外出就学，户口迁出' }],
        monthlyIncomeFen: { wages: 60_000 },
      }),
    );
    const [changed] = when(reported, changeAmount('2021-06-15'));
    expect(changed).toMatchObject({
      type: 'AmountChanged',
      data: {
        change: 'cut',
        from: '2021-07',
        previousMonthlyAmountFen: 177_000,
        monthlyAmountFen: 118_000,
        delegationId: 'dlg-1',
        endsGradualExit: false,
        basis: {
          countedMembers: [0, 1],
          stoppedMembers: [],
          calculation: { method: 'gap', memberCount: 2, countedIncomeFen: 60_000, stoppedShares: 0 },
        },
      },
    });
    const state = given([...reported, changed]);
    expect(entitlementFor(state, '2021-06')).toMatchObject({ amountFen: 177_000 });
    expect(entitlementFor(state, '2021-07')).toMatchObject({ amountFen: 118_000 });
  });

  it('raises the amount when income falls, and with a new standard', () => {
    const reported = then(dibao, report('2021-06-08', { monthlyIncomeFen: { wages: 30_000 } }));
    expect(when(reported, changeAmount('2021-06-15'))[0].data).toMatchObject({
      change: 'raise',
      monthlyAmountFen: 237_000,
    });
    const dibao950 = {
      ...dibao890,
      monthlyFen: 95_000,
      effectiveFrom: '2021-07-01',
      standardRef: { streamId: 'standard-3306', id: '3306/dibao/2021-07-01' },
    };
    const raised = when(dibao, decide('ChangeAmount', { reasons: ['低保标准提高'], standard: dibao950 }, '2021-07-05'));
    expect(raised[0].data).toMatchObject({ change: 'raise', from: '2021-08', monthlyAmountFen: 3 * 95_000 - 90_000 });
  });

  it('stops the amount when income reaches the standard, and then asks for the termination', () => {
    const stopped = then(
      dibao,
      report('2021-06-08', { monthlyIncomeFen: { pension: 300_000 } }),
      changeAmount('2021-06-15'),
    );
    expect(stopped.at(-1)?.data).toMatchObject({ change: 'stop', monthlyAmountFen: 0 });
    expect(entitlementFor(given(stopped), '2021-07')).toMatchObject({ due: false, reason: 'amount-stopped' });
    expect(terminationDue(given(stopped), '2021-07-02')).toEqual({ reason: 'amount-stopped', month: '2021-07' });
  });

  it('refuses a decision that changes nothing, or one taken without a delegation in force', () => {
    expect(refusal(dibao, changeAmount('2021-06-15'))).toMatchObject({
      code: 'amount-unchanged',
      details: { monthlyAmountFen: 177_000 },
    });
    const reported = then(dibao, report('2021-06-08', { monthlyIncomeFen: { wages: 30_000 } }));
    const withoutDelegation = step(
      'ChangeAmount',
      { reasons: ['x'], standard: dibao890, delegation: notInForce('suspended', 'dlg-1') },
      '2021-06-15',
      { id: 'approver-1', role: 'township-approver', unit: '330602001' },
    );
    expect(refusal(reported, withoutDelegation)).toMatchObject({ code: 'delegation-not-in-force' });
    const byCounty = decide('ChangeAmount', { reasons: ['x'], standard: dibao890 }, '2021-06-15', countyReviewer);
    expect(when(reported, byCounty)[0].data).toMatchObject({ decidedBy: { level: 'county' }, delegationId: null });
  });
});

describe('渐退期 after employment lifts the income above the standard', () => {
  const working = then(approvedDibao(), report('2021-06-08', { monthlyIncomeFen: { wages: 300_000 } }));
  const startGradualExit = decide('StartGradualExit', { reasons: ['户主就业，家庭人均收入超过低保标准'], standard: dibao890 }, '2021-06-15');
  const start = (history = working) => when(history, startGradualExit);

  it('keeps the amount for 6 months from the month after the decision, then nothing is due', () => {
    const [started] = start();
    expect(started).toMatchObject({
      type: 'GradualExitStarted',
      data: {
        from: '2021-07',
        until: '2021-12',
        months: 6,
        monthlyAmountFen: 177_000,
        assessment: { countedIncomeFen: 300_000 },
      },
    });
    const state = given([...working, started]);
    for (let i = 0; i < 6; i += 1) {
      expect(entitlementFor(state, addMonths('2021-07', i))).toMatchObject({
        due: true,
        amountFen: 177_000,
        basis: { entitlement: { calculation: { method: 'gradual-exit-kept' }, gradualExit: { until: '2021-12' } } },
      });
    }
    expect(entitlementFor(state, '2022-01')).toMatchObject({ due: false, reason: 'gradual-exit-ended' });
  });

  it('asks for the termination once it has ended, which then takes effect the next month', () => {
    const exited = [...working, ...start()];
    expect(terminationDue(given(exited), '2021-12-31')).toBeNull();
    expect(terminationDue(given(exited), '2022-01-04')).toEqual({ reason: 'gradual-exit-ended', month: '2022-01' });
    const terminate = decide('TerminateCase', { ground: 'gradual-exit-ended', reasons: ['渐退期满'] }, '2022-01-04');
    const terminated = then(exited, terminate);
    expect(terminated.at(-1)?.data).toMatchObject({ effectiveFrom: '2022-02' });
    expect(terminationDue(given(terminated), '2022-01-04')).toBeNull();
  });

  it('is refused when income is still below the standard, not reported, or not from work', () => {
    const approved = approvedDibao();
    expect(refusal(approved, startGradualExit)).toMatchObject({ code: 'income-change-not-reported' });
    const low = then(approved, report('2021-06-08', { monthlyIncomeFen: { wages: 200_000 } }));
    expect(refusal(low, startGradualExit)).toMatchObject({ code: 'income-not-above-standard' });
    const pension = then(approved, report('2021-06-08', { monthlyIncomeFen: { wages: 90_000, pension: 300_000 } }));
    expect(refusal(pension, startGradualExit)).toMatchObject({ code: 'income-rise-not-from-employment' });
    expect(refusal([...working, ...start()], startGradualExit)).toMatchObject({ code: 'gradual-exit-already-started' });
  });
});

describe('refused job offers (低保 Art. 34)', () => {
  const dibao = approvedDibao();
  const refuse = (date: string, memberIndex = 1) =>
    step('RecordJobOfferRefused', { memberIndex, offeredOn: date, offer: '社区保洁员，月薪2200元' }, date);
  const accept = (date: string) =>
    step('RecordJobOfferAccepted', { memberIndex: 1, acceptedOn: date, offer: '超市理货员' }, date);

  it('stop the member’s own share from next month on the third in a row: 3/3 of the gap becomes 2/3', () => {
    const twice = then(dibao, refuse('2021-05-10'), refuse('2021-05-20'));
    expect(when(twice, refuse('2021-06-10'))).toEqual([
      {
        type: 'JobOfferRefused',
        data: {
          caseId: 'c-1',
          memberIndex: 1,
          offeredOn: '2021-06-10',
          recordedOn: '2021-06-10',
          offer: '社区保洁员，月薪2200元',
          consecutiveRefusals: 3,
        },
      },
      {
        type: 'MemberShareStopped',
        data: { caseId: 'c-1', memberIndex: 1, from: '2021-07', refusals: 3, monthlyAmountFen: 118_000 },
      },
    ]);
    const state = given([...twice, ...when(twice, refuse('2021-06-10'))]);
    expect(entitlementFor(state, '2021-06')).toMatchObject({ amountFen: 177_000 });
    expect(entitlementFor(state, '2021-07')).toMatchObject({
      amountFen: 118_000,
      basis: { entitlement: { calculation: { memberCount: 3, stoppedShares: 1 } } },
    });
  });

  it('are counted again from zero after an accepted offer', () => {
    const reset = then(dibao, refuse('2021-05-10'), refuse('2021-05-20'), accept('2021-05-25'));
    expect(reset.at(-1)?.data).toMatchObject({ refusalsCleared: 2, stoppedShareLifted: false });
    expect(when(reset, refuse('2021-06-10'))).toEqual([
      expect.objectContaining({ type: 'JobOfferRefused', data: expect.objectContaining({ consecutiveRefusals: 1 }) }),
    ]);
  });

  it('are a 低保 rule only', () => {
    expect(refusal(approvedTekun(), refuse('2021-05-10', 0))).toMatchObject({ code: 'job-offers-dibao-only' });
  });

  it('name a member who died', () => {
    const died = then(dibao, death(IDS.spouse, '2021-05-01', '2021-05-05'));
    expect(refusal(died, refuse('2021-05-10'))).toMatchObject({ code: 'member-not-present' });
  });
});
