import {
  application,
  approver,
  at,
  clerk,
  command,
  countyReviewer,
  dibao890,
  IDS,
  inForce,
  inPublicity,
  MARCH_2021,
  refusal,
  runOn,
  visit,
  when,
  approve,
} from './case.fixtures';

describe('a near-relative case (单独登记备案)', () => {
  const app = application({
    nearRelativeMatches: [{ officialId: 'official-9', relation: '兄弟', memberIdNumber: IDS.applicant }],
  });
  const history = inPublicity(MARCH_2021, app);

  it('cannot be approved before the county has visited the household', () => {
    const error = refusal(history, approve(at('2021-03-16')));
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'county-home-visit-required',
      details: { grounds: ['near-relative'] },
    });
  });

  it('can be approved once the county has visited', () => {
    const visited = [
      ...history,
      ...runOn(
        history,
        command('RecordHomeVisit', visit('v-county', '2021-03-12', true), countyReviewer, at('2021-03-12')),
      ),
    ];
    expect(when(visited, approve(at('2021-03-16')))).toEqual([expect.objectContaining({ type: 'CaseApproved' })]);
  });

  it('does not count a township visit marked as the county’s', () => {
    const error = refusal(
      history,
      command('RecordHomeVisit', visit('v-x', '2021-03-12', true), clerk, at('2021-03-12')),
    );
    expect(error).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
  });

  it('may go to the county as a recommendation, and the county confirms only after its own visit', () => {
    const submitted = [
      ...history,
      ...runOn(
        history,
        command(
          'SubmitForCountyConfirmation',
          { caseId: 'c-1', recommendation: 'approve' },
          approver,
          at('2021-03-16'),
        ),
      ),
    ];
    const confirm = command(
      'ConfirmCase',
      { caseId: 'c-1', outcome: 'approve', standard: dibao890 },
      countyReviewer,
      at('2021-03-18'),
    );
    expect(refusal(submitted, confirm)).toMatchObject({ code: 'county-home-visit-required' });
    const visited = [
      ...submitted,
      ...runOn(
        submitted,
        command('RecordHomeVisit', visit('v-county', '2021-03-17', true), countyReviewer, at('2021-03-17')),
      ),
    ];
    expect(when(visited, confirm)).toEqual([expect.objectContaining({ type: 'CaseApproved' })]);
  });

  it('may still be rejected without the county visit', () => {
    const reject = command(
      'RejectCase',
      { caseId: 'c-1', delegation: inForce(), reasons: ['收入超过标准'] },
      approver,
      at('2021-03-16'),
    );
    expect(when(history, reject)).toEqual([expect.objectContaining({ type: 'CaseRejected' })]);
  });
});
