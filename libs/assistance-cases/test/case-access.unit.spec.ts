import {
  admin,
  application,
  approver,
  at,
  clerk,
  command,
  countyReviewer,
  given,
  inPublicity,
  OTHER_TOWNSHIP,
  refusal,
  runOn,
  visit,
  when,
  approve,
} from './case.fixtures';

describe('jurisdiction and roles', () => {
  it('keeps a township approver of 330602001 off a case of 330603001', () => {
    const otherClerk = { ...clerk, unit: OTHER_TOWNSHIP };
    const otherApprover = { ...approver, unit: OTHER_TOWNSHIP };
    const accepted = runOn(
      [],
      command('SubmitApplication', application({ townshipCode: OTHER_TOWNSHIP }), otherClerk, at('2021-03-01')),
      command('AcceptApplication', { caseId: 'c-1' }, otherClerk, at('2021-03-01')),
    );
    expect(given(accepted).townshipCode).toBe(OTHER_TOWNSHIP);
    expect(
      refusal(accepted, command('RecordHomeVisit', visit('v-1', '2021-03-02'), approver, at('2021-03-02'))),
    ).toMatchObject({
      kind: 'forbidden',
      code: 'outside-jurisdiction',
      details: { unit: '330602001', townshipCode: '330603001' },
    });
    expect(
      when(accepted, command('RecordHomeVisit', visit('v-1', '2021-03-02'), otherApprover, at('2021-03-02'))),
    ).toHaveLength(1);
  });

  it('lets the county reviewer of 330602 act on its townships only', () => {
    const history = inPublicity();
    const countyVisit = (actor: typeof countyReviewer) =>
      command('RecordHomeVisit', visit('v-c', '2021-03-12', true), actor, at('2021-03-12'));
    expect(when(history, countyVisit(countyReviewer))).toHaveLength(1);
    expect(refusal(history, countyVisit({ ...countyReviewer, unit: '330603' }))).toMatchObject({
      code: 'outside-jurisdiction',
    });
  });

  it('does not let an admin decide a case', () => {
    expect(refusal(inPublicity(), approve(at('2021-03-16'), {}, admin))).toMatchObject({
      kind: 'forbidden',
      code: 'role-not-allowed',
    });
  });

  it('does not let an approver account of the county decide at township level', () => {
    const error = refusal(inPublicity(), approve(at('2021-03-16'), {}, { ...approver, unit: '330602' }));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'not-the-township' });
  });
});
