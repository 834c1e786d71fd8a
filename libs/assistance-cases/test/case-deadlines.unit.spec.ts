import {
  caseDeadline,
  createCaseDecider,
  createCasePolicy,
  isOverdue,
  missedDeadlines,
  overdueDeadlines,
  pendingDeadlines,
} from '../src';
import {
  application,
  approver,
  at,
  calendar,
  clerk,
  command,
  countyReviewer,
  dibao890,
  given,
  inForce,
  inPublicity,
  MARCH_2021,
  meansCheck,
  refusal,
  run,
  runOn,
  submittedAndAccepted,
  tekun1602,
  when,
} from './case.fixtures';

describe('the 30 working-day deadline from acceptance', () => {
  // Accepted Monday 1 March 2021. 30 working days pass over four weekends and Qingming (3–5 April).
  const accepted = submittedAndAccepted();

  it('ends on 13 April 2021, after the weekends and the Qingming holiday, and is recorded at acceptance', () => {
    expect(accepted[accepted.length - 1]).toEqual({
      type: 'ApplicationAccepted',
      data: {
        caseId: 'c-1',
        acceptedOn: '2021-03-01',
        investigationStartDueBy: '2021-03-04',
        opinionDueBy: null,
        decisionDueBy: '2021-04-13',
        totalWorkingDays: 30,
      },
    });
    expect(caseDeadline(given(accepted))).toBe('2021-04-13');
  });

  it('shows the case overdue from the day after its last day', () => {
    const investigating = given([
      ...accepted,
      ...runOn(accepted, command('RecordMeansCheck', meansCheck(), clerk, at('2021-03-05'))),
    ]);
    expect(isOverdue(investigating, '2021-04-13')).toBe(false);
    expect(overdueDeadlines(investigating, at('2021-04-14'))).toEqual([{ kind: 'decision', dueBy: '2021-04-13' }]);
    expect(isOverdue(investigating, '2021-04-14')).toBe(true);
  });

  it('shows an investigation not started within 3 working days', () => {
    expect(overdueDeadlines(given(accepted), '2021-03-05')).toEqual([
      { kind: 'investigation-start', dueBy: '2021-03-04' },
    ]);
  });

  it('is extended once to 45 working days, 6 May 2021, over the adjusted Sunday and the May Day holiday', () => {
    const extend = command(
      'ExtendDeadline',
      { caseId: 'c-1', reason: '需跨省核对户籍成员收入' },
      approver,
      at('2021-04-12'),
    );
    const extended = [...accepted, ...when(accepted, extend)];

    expect(extended[extended.length - 1]).toEqual({
      type: 'DeadlineExtended',
      data: {
        caseId: 'c-1',
        extendedOn: '2021-04-12',
        reason: '需跨省核对户籍成员收入',
        previousDueBy: '2021-04-13',
        newDueBy: '2021-05-06',
        totalWorkingDays: 45,
      },
    });
    expect(caseDeadline(given(extended))).toBe('2021-05-06');
    expect(overdueDeadlines(given(extended), '2021-04-30').map((d) => d.kind)).not.toContain('decision');
    expect(overdueDeadlines(given(extended), '2021-05-07')).toContainEqual({ kind: 'decision', dueBy: '2021-05-06' });
    expect(refusal(extended, extend)).toMatchObject({ kind: 'conflict', code: 'deadline-already-extended' });
  });

  it('cannot be extended without a reason, by a clerk, or after it has passed', () => {
    expect(
      refusal(accepted, command('ExtendDeadline', { caseId: 'c-1', reason: ' ' }, approver, at('2021-04-12'))).details,
    ).toMatchObject({
      field: 'reason',
    });
    expect(
      refusal(accepted, command('ExtendDeadline', { caseId: 'c-1', reason: '核对' }, clerk, at('2021-04-12'))),
    ).toMatchObject({
      code: 'role-not-allowed',
    });
    expect(
      refusal(accepted, command('ExtendDeadline', { caseId: 'c-1', reason: '核对' }, countyReviewer, at('2021-04-14'))),
    ).toMatchObject({
      code: 'deadline-passed',
    });
  });

  it('is recorded as met or missed on the decision', () => {
    const history = inPublicity();
    const late = when(
      history,
      command('ApproveCase', { caseId: 'c-1', delegation: inForce(), standard: dibao890 }, approver, at('2021-04-14')),
    );
    expect(late[0].data).toMatchObject({ deadline: { dueBy: '2021-04-13', met: false } });
    expect(missedDeadlines(given([...history, ...late]))).toEqual([{ kind: 'decision', dueBy: '2021-04-13' }]);
  });

  it('follows the policy: a city that allows 25 working days', () => {
    const strict = createCaseDecider({
      calendar,
      policy: createCasePolicy({ deadlines: { dibao: { totalWorkingDays: 25 } } }),
    });
    const submitted = run(command('SubmitApplication', application(), clerk, at('2021-03-01')));
    const events = strict.decide(
      command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-01')),
      given(submitted),
    );
    expect(events[0].data).toMatchObject({
      decisionDueBy: calendar.addWorkingDays('2021-03-01', 25),
      totalWorkingDays: 25,
    });
  });
});

describe('特困 deadlines', () => {
  it('give the township 15 working days for investigation and opinion, and again after an objection', () => {
    const app = application({
      programme: 'tekun',
      household: {
        ...application().household,
        members: [application().household.members[0]],
        monthlyIncomeFen: { pension: 20_000 },
      },
    });
    const accepted = submittedAndAccepted(undefined, app);
    expect(accepted[accepted.length - 1].data).toMatchObject({
      opinionDueBy: '2021-03-22',
      decisionDueBy: '2021-04-13',
    });
    expect(pendingDeadlines(given(accepted))).toContainEqual({ kind: 'township-opinion', dueBy: '2021-03-22' });

    const history = inPublicity({ ...MARCH_2021, opinionStandard: tekun1602 }, app);
    const objection = command(
      'RecordObjection',
      { caseId: 'c-1', receivedOn: '2021-03-11', summary: '其女有赡养能力' },
      clerk,
      at('2021-03-11'),
    );
    const objected = [...history, ...when(history, objection)];
    expect(objected[objected.length - 1].data).toMatchObject({ opinionDueBy: '2021-04-01' });
    expect(pendingDeadlines(given(objected))).toContainEqual({ kind: 'township-opinion', dueBy: '2021-04-01' });
  });

  it('pay the basic living standard once approved', () => {
    const app = application({
      programme: 'tekun',
      household: {
        ...application().household,
        members: [application().household.members[0]],
        monthlyIncomeFen: { pension: 20_000 },
      },
    });
    const history = inPublicity({ ...MARCH_2021, opinionStandard: tekun1602 }, app);
    const approve = command(
      'ApproveCase',
      { caseId: 'c-1', delegation: inForce(), standard: tekun1602 },
      approver,
      at('2021-03-16'),
    );
    expect(when(history, approve)[0].data).toMatchObject({
      programme: 'tekun',
      award: {
        monthlyAmountFen: 160_200,
        payableFrom: '2021-04',
        calculation: { method: 'tekun-basic-standard', persons: 1 },
      },
    });
    expect(
      refusal(history, { ...approve, data: { ...approve.data, standard: dibao890 } } as typeof approve).details,
    ).toMatchObject({
      field: 'standard.programme',
    });
  });
});
