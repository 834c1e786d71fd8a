import { entitlementFor } from '../src';
import { approver, clerk, countyReviewer, given, notInForce, refusal, when } from './case.fixtures';
import { approvedDibao, approvedTekun, decide, schedule, step, then } from './case-management.fixtures';

describe('terminating a 特困 case', () => {
  const tekun = approvedTekun();
  const publicise = (date: string) =>
    step('StartTerminationPublicity', { ground: 'supporter-able', reasons: ['其子已就业，具备赡养能力'], place: '村务公开栏' }, date);
  const terminate = (date: string) => decide('TerminateCase', { reasons: ['赡养人具备赡养能力'] }, date);
  const publicised = then(tekun, publicise('2021-06-01'));

  it('needs the termination publicised for 7 days first', () => {
    expect(refusal(tekun, terminate('2021-06-01'))).toMatchObject({ code: 'termination-publicity-required' });
    expect(publicised.at(-1)).toEqual({
      type: 'TerminationPublicityStarted',
      data: {
        caseId: 'c-1',
        ground: 'supporter-able',
        reasons: ['其子已就业，具备赡养能力'],
        from: '2021-06-01',
        until: '2021-06-07',
        place: '村务公开栏',
        startedBy: { officialId: 'clerk-1', unit: '330602001' },
      },
    });
    expect(refusal(publicised, terminate('2021-06-07'))).toMatchObject({
      code: 'termination-publicity-not-finished',
      details: { until: '2021-06-07' },
    });
  });

  it('terminates after the publicity, from the next month, with the publicised ground', () => {
    const [terminated] = when(publicised, terminate('2021-06-08'));
    expect(terminated).toEqual({
      type: 'CaseTerminated',
      data: {
        caseId: 'c-1',
        programme: 'tekun',
        decidedOn: '2021-06-08',
        decidedBy: { officialId: 'approver-1', unit: '330602001', level: 'township', delegationId: 'dlg-1' },
        delegationId: 'dlg-1',
        reasons: ['赡养人具备赡养能力'],
        ground: 'supporter-able',
        effectiveFrom: '2021-07',
        publicity: { from: '2021-06-01', until: '2021-06-07' },
        paymentsToCancel: [],
      },
    });
    const state = given([...publicised, terminated]);
    expect(state.status).toBe('terminated');
    expect(entitlementFor(state, '2021-06')).toMatchObject({ due: true, amountFen: 160_200 });
    expect(entitlementFor(state, '2021-07')).toMatchObject({ due: false, reason: 'terminated' });
  });

  it('waits for an objection to be answered by a new publicity, or withdraws the termination', () => {
    const objected = then(
      publicised,
      step('RecordTerminationObjection', { receivedOn: '2021-06-03', summary: '其子收入微薄，无力赡养' }, '2021-06-03'),
    );
    expect(objected.at(-1)).toMatchObject({
      type: 'TerminationObjectionRecorded',
      data: { receivedOn: '2021-06-03', decideBy: '2021-06-25' },
    });
    expect(refusal(objected, terminate('2021-06-09'))).toMatchObject({ code: 'termination-objection-pending' });
    const again = then(objected, publicise('2021-06-10'));
    expect(when(again, terminate('2021-06-17'))[0]).toMatchObject({
      data: { effectiveFrom: '2021-07', publicity: { from: '2021-06-10', until: '2021-06-16' } },
    });
    const withdrawn = then(objected, decide('WithdrawTermination', { reasons: ['异议成立'] }, '2021-06-10'));
    expect(withdrawn.at(-1)).toMatchObject({ type: 'TerminationWithdrawn', data: { ground: 'supporter-able' } });
    expect(refusal(withdrawn, terminate('2021-06-20'))).toMatchObject({ code: 'termination-publicity-required' });
  });

  it('refuses a ground other than the one publicised', () => {
    const other = decide('TerminateCase', { ground: 'moved-away', reasons: ['迁出'] }, '2021-06-08');
    expect(refusal(publicised, other).details).toMatchObject({ field: 'ground' });
  });
});

describe('terminating a 低保 case', () => {
  const dibao = approvedDibao();

  it('takes effect from the next month without publicity, and names scheduled payments to cancel', () => {
    const scheduled = then(dibao, schedule('p-2021-07', '2021-07', '2021-06-25'));
    const [terminated] = when(
      scheduled,
      decide('TerminateCase', { ground: 'income-above-standard', reasons: ['家庭人均收入超过低保标准'] }, '2021-06-28'),
    );
    expect(terminated.data).toMatchObject({ effectiveFrom: '2021-07', publicity: null, paymentsToCancel: ['p-2021-07'] });
    const publicity = step('StartTerminationPublicity', { ground: 'other', reasons: ['x'], place: 'p' }, '2021-06-01');
    expect(refusal(dibao, publicity)).toMatchObject({ code: 'termination-publicity-tekun-only' });
  });

  it('needs a ground, a decider and the delegation in force', () => {
    expect(refusal(dibao, decide('TerminateCase', { reasons: ['x'] }, '2021-06-28')).details).toMatchObject({
      field: 'ground',
    });
    const data = { ground: 'moved-away' as const, reasons: ['迁出本市'] };
    expect(refusal(dibao, decide('TerminateCase', data, '2021-06-28', clerk))).toMatchObject({ code: 'role-not-allowed' });
    expect(
      refusal(
        dibao,
        step('TerminateCase', { ...data, delegation: notInForce('expired', 'dlg-1') }, '2021-06-28', approver),
      ),
    ).toMatchObject({ kind: 'forbidden', code: 'delegation-not-in-force', details: { reason: 'expired' } });
    expect(when(dibao, step('TerminateCase', data, '2021-06-28', countyReviewer))[0].data).toMatchObject({
      decidedBy: { level: 'county' },
      delegationId: null,
    });
  });
});
