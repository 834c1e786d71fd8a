import { nextAction } from '@app/assistance-cases/case.queries';
import {
  application,
  approve,
  at,
  clerk,
  command,
  countyReviewer,
  given,
  inPublicity,
  MARCH_2021,
  refusal,
  runOn,
  visit,
  when,
} from '../../assistance-cases/test/case.fixtures';
import { creditStanding, DEFAULT_CREDIT_POLICY } from '../src';
import { command as creditCommand, countyReviewer as creditReviewer, history, HOUSEHOLD, record } from './credit.fixtures';

/** The standing the API hands to intake for a household with these records, as of a day. */
function standingAfter(behaviour: string, recordedOn: string, asOf: string) {
  const { state } = history([creditCommand('EnterCreditRecord', record('r1', behaviour, { occurredOn: '2021-01-10' }), creditReviewer, recordedOn)]);
  return creditStanding(HOUSEHOLD, state.records, DEFAULT_CREDIT_POLICY, at(asOf));
}

describe('an application by a household under a 诚信 ban', () => {
  const standing = standingAfter('forged-documents', '2021-01-15', '2021-03-01');

  it('is refused while the ban lasts, citing the record, its behaviour, the last day and the legal basis', () => {
    const error = refusal([], command('SubmitApplication', application({ creditStanding: standing }), clerk, at('2021-03-01')));
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'credit-ban-in-force',
      details: { householdId: HOUSEHOLD, until: '2022-01-14', recordId: 'r1', behaviour: 'forged-documents', grade: 'grave' },
    });
    expect(error.message).toContain('不予受理');
    expect(error.message).toContain('第六十八条');
  });

  it('is not refused for 临时救助, which the default policy leaves outside the ban', () => {
    const temporary = application({ programme: 'temporary', track: 'full', creditStanding: standing, personal: {} });
    const events = when([], command('SubmitApplication', temporary, clerk, at('2021-03-01')));
    expect(events[0]).toMatchObject({ type: 'ApplicationSubmitted', data: { credit: { grade: 'grave', countyHomeVisitRequired: true } } });
  });

  it('is taken in once the ban has ended, with the grade on the application and a county visit required before approval', () => {
    const after = standingAfter('forged-documents', '2021-01-15', '2022-01-15');
    expect(after.ban).toBeNull();
    const app = application({ creditStanding: after });
    const [submitted] = when([], command('SubmitApplication', app, clerk, at('2022-01-15')));
    expect(submitted.data).toMatchObject({
      credit: { householdId: HOUSEHOLD, grade: 'grave', policyVersion: DEFAULT_CREDIT_POLICY.version, countyHomeVisitRequired: true },
    });
  });
});

describe('an application by a household graded 较重失信', () => {
  const standing = standingAfter('concealed-changes', '2021-01-15', '2021-03-01');
  const history = inPublicity(MARCH_2021, application({ creditStanding: standing }));

  it('shows the county visit the grade requires in the next action, and cannot be approved without it', () => {
    expect(nextAction(given(history), at('2021-03-16'))?.countyVisitPending).toEqual(['credit']);
    expect(refusal(history, approve(at('2021-03-16')))).toMatchObject({
      code: 'county-home-visit-required',
      details: { grounds: ['credit'] },
    });
    const visited = [
      ...history,
      ...runOn(history, command('RecordHomeVisit', visit('v-county', '2021-03-12', true), countyReviewer, at('2021-03-12'))),
    ];
    expect(when(visited, approve(at('2021-03-16')))).toEqual([expect.objectContaining({ type: 'CaseApproved' })]);
  });
});

describe('an application by a household graded 一般失信 or 守信', () => {
  it('needs no county visit and carries the 一般 grade; a 守信 standing leaves the application as before', () => {
    const general = standingAfter('refused-check', '2021-01-15', '2021-03-01');
    const [submitted] = when([], command('SubmitApplication', application({ creditStanding: general }), clerk, at('2021-03-01')));
    expect(submitted.data).toMatchObject({ credit: { grade: 'general', countyHomeVisitRequired: false } });
    expect(given([submitted]).countyVisitRequirements).toEqual([]);
    const good = { ...general, grade: 'good', countyHomeVisit: false };
    const [plain] = when([], command('SubmitApplication', application({ creditStanding: good }), clerk, at('2021-03-01')));
    expect(plain.data).not.toHaveProperty('credit');
  });
});
