import { nextAction } from '../src';
import {
  application,
  approver,
  at,
  clerk,
  command,
  countyReviewer,
  given,
  IDS,
  inForce,
  meansCheck,
  notInForce,
  refusal,
  run,
  runOn,
  visit,
  when,
} from './case.fixtures';

const emergencyApplication = (overrides: Parameters<typeof application>[0] = {}) =>
  application({ programme: 'temporary', track: 'emergency', personal: {}, ...overrides });

describe('emergency temporary assistance (急难型, pay first)', () => {
  const submitted = run(command('SubmitApplication', emergencyApplication(), clerk, at('2021-03-01')));
  const pay = (amountFen: number, delegation = inForce('dlg-t', { maxAmountFen: 300_000 }), actor = approver) =>
    command(
      'PayEmergencyAssistance',
      { caseId: 'c-1', amountFen, need: '住房失火，家庭财产损失严重', delegation },
      actor,
      at('2021-03-01', '15:00'),
    );

  it('is paid first by the township within its delegation cap, with the paperwork due within 15 working days', () => {
    expect(nextAction(given(submitted), '2021-03-01')).toMatchObject({ step: 'pay-emergency-assistance' });
    expect(when(submitted, pay(200_000))).toEqual([
      {
        type: 'EmergencyAssistanceGranted',
        data: {
          caseId: 'c-1',
          grantedOn: '2021-03-01',
          amountFen: 200_000,
          need: '住房失火，家庭财产损失严重',
          decidedBy: { officialId: 'approver-1', unit: '330602001', level: 'township', delegationId: 'dlg-t' },
          delegationId: 'dlg-t',
          paperworkDueBy: '2021-03-22',
        },
      },
    ]);
  });

  it('is refused to the township above its cap, or without a delegation in force', () => {
    expect(refusal(submitted, pay(300_001))).toMatchObject({
      kind: 'forbidden',
      code: 'delegation-not-in-force',
      details: { reason: 'over-cap', maxAmountFen: 300_000 },
    });
    expect(
      refusal(
        submitted,
        pay(400_000, { inForce: false, reason: 'over-cap', delegationId: 'dlg-t', maxAmountFen: 300_000 }),
      ),
    ).toMatchObject({
      details: { reason: 'over-cap' },
    });
    expect(refusal(submitted, pay(100_000, notInForce('suspended', 'dlg-t')))).toMatchObject({
      details: { reason: 'suspended' },
    });
    const withoutDelegation = command(
      'PayEmergencyAssistance',
      { caseId: 'c-1', amountFen: 100_000, need: '火灾' },
      approver,
      at('2021-03-01'),
    );
    expect(refusal(submitted, withoutDelegation).details).toMatchObject({ field: 'delegation' });
  });

  it('may be paid by the county, which holds the power itself', () => {
    expect(when(submitted, pay(500_000, undefined, countyReviewer))[0].data).toMatchObject({
      decidedBy: { level: 'county', unit: '330602' },
      delegationId: null,
    });
  });

  it('is not taken through acceptance', () => {
    expect(refusal(submitted, command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-01')))).toMatchObject({
      code: 'emergency-track',
    });
  });

  it('has its paperwork completed after a home visit, late if after the due date', () => {
    const granted = [...submitted, ...when(submitted, pay(200_000))];
    const complete = (date: string) => command('CompleteEmergencyPaperwork', { caseId: 'c-1' }, clerk, at(date));
    expect(refusal(granted, complete('2021-03-05'))).toMatchObject({ code: 'home-visit-missing' });
    expect(nextAction(given(granted), '2021-03-02')).toMatchObject({ step: 'record-home-visit', dueBy: '2021-03-22' });

    const documented = [
      ...granted,
      ...runOn(
        granted,
        command('RecordMeansCheck', meansCheck('c-1', '2021-03-01', '2021-03-04'), clerk, at('2021-03-04')),
        command('RecordHomeVisit', visit('v-1', '2021-03-03'), clerk, at('2021-03-03')),
      ),
    ];
    expect(when(documented, complete('2021-03-22'))).toEqual([
      {
        type: 'EmergencyPaperworkCompleted',
        data: { caseId: 'c-1', completedOn: '2021-03-22', visitIds: ['v-1'], late: false },
      },
    ]);
    expect(when(documented, complete('2021-03-23'))[0].data).toMatchObject({ late: true });
  });

  it('in a near-relative case is paid by the county only, and documented with the county’s visit', () => {
    const related = run(
      command(
        'SubmitApplication',
        emergencyApplication({
          nearRelativeMatches: [{ officialId: 'o-3', relation: '父子', memberIdNumber: IDS.child }],
        }),
        clerk,
        at('2021-03-01'),
      ),
    );
    expect(refusal(related, pay(100_000))).toMatchObject({ kind: 'forbidden', code: 'near-relative-county-only' });

    const paid = [
      ...related,
      ...runOn(
        related,
        pay(100_000, undefined, countyReviewer),
        command('RecordHomeVisit', visit('v-1', '2021-03-02'), clerk, at('2021-03-02')),
      ),
    ];
    const complete = command('CompleteEmergencyPaperwork', { caseId: 'c-1' }, clerk, at('2021-03-05'));
    expect(refusal(paid, complete)).toMatchObject({ code: 'county-home-visit-required' });
    const visited = [
      ...paid,
      ...runOn(paid, command('RecordHomeVisit', visit('v-2', '2021-03-04', true), countyReviewer, at('2021-03-04'))),
    ];
    expect(when(visited, complete)).toHaveLength(1);
  });
});

describe('temporary assistance through the full procedure (支出型)', () => {
  const app = application({ programme: 'temporary', track: 'full', personal: {} });
  const history = run(
    command('SubmitApplication', app, clerk, at('2021-03-01')),
    command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-01')),
    command('RecordMeansCheck', meansCheck(), clerk, at('2021-03-05')),
    command('RecordHomeVisit', visit('v-1', '2021-03-03'), clerk, at('2021-03-05')),
    command(
      'GivePreliminaryOpinion',
      { caseId: 'c-1', opinion: 'eligible', proposedAmountFen: 250_000 },
      approver,
      at('2021-03-08'),
    ),
    command('StartPublicity', { caseId: 'c-1', place: '社区公告栏' }, clerk, at('2021-03-08')),
  );
  const approve = (amountFen: number, delegation = inForce('dlg-t', { maxAmountFen: 300_000 })) =>
    command('ApproveCase', { caseId: 'c-1', delegation, amountFen }, approver, at('2021-03-15'));

  it('proposes an amount and approves a one-off amount within the township cap', () => {
    expect(given(history).opinion?.proposal).toEqual({ kind: 'one-off', amountFen: 250_000 });
    expect(given(history).deadline?.dueBy).toBe('2021-03-22');
    expect(when(history, approve(250_000))[0].data).toMatchObject({
      programme: 'temporary',
      award: { kind: 'one-off', amountFen: 250_000 },
      decidedBy: { level: 'township', delegationId: 'dlg-t' },
    });
  });

  it('refuses an amount above the cap at township level', () => {
    expect(refusal(history, approve(300_001))).toMatchObject({
      code: 'delegation-not-in-force',
      details: { reason: 'over-cap', maxAmountFen: 300_000 },
    });
    expect(refusal(history, approve(0)).details).toMatchObject({ field: 'amountFen' });
  });
});
