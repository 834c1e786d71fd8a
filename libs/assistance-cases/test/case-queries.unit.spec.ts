import { nextAction, pendingDeadlines } from '../src';
import {
  application,
  approver,
  at,
  clerk,
  command,
  dibao890,
  given,
  inForce,
  inPublicity,
  meansCheck,
  run,
  runOn,
  submittedAndAccepted,
  visit,
} from './case.fixtures';

describe('the next action on a case', () => {
  it('walks through the procedure, naming who acts and by when', () => {
    const accepted = submittedAndAccepted();
    expect(
      nextAction(given(run(command('SubmitApplication', application(), clerk, at('2021-03-01')))), '2021-03-01'),
    ).toMatchObject({
      step: 'accept-application',
      roles: ['intake-clerk', 'township-approver'],
      unit: '330602001',
    });
    expect(nextAction(given(accepted), '2021-03-05')).toMatchObject({
      step: 'investigate',
      commands: ['RecordMeansCheck', 'RecordHomeVisit'],
      dueBy: '2021-03-04',
      overdue: true,
    });
    const checked = [
      ...accepted,
      ...runOn(accepted, command('RecordMeansCheck', meansCheck(), clerk, at('2021-03-05'))),
    ];
    expect(nextAction(given(checked), '2021-03-05')).toMatchObject({
      step: 'investigate',
      commands: ['RecordHomeVisit'],
      dueBy: '2021-04-13',
      overdue: false,
    });
    const visited = [
      ...checked,
      ...runOn(checked, command('RecordHomeVisit', visit('v-1', '2021-03-05'), clerk, at('2021-03-05'))),
    ];
    expect(nextAction(given(visited), '2021-03-05')).toMatchObject({ step: 'give-preliminary-opinion' });

    const publicised = inPublicity();
    expect(nextAction(given(publicised), '2021-03-10')).toMatchObject({
      step: 'decide',
      roles: ['township-approver'],
      notBefore: '2021-03-16',
      dueBy: '2021-04-13',
    });
    const submitted = [
      ...publicised,
      ...runOn(
        publicised,
        command(
          'SubmitForCountyConfirmation',
          { caseId: 'c-1', recommendation: 'approve' },
          approver,
          at('2021-03-16'),
        ),
      ),
    ];
    expect(nextAction(given(submitted), '2021-03-31')).toMatchObject({
      step: 'county-confirmation',
      commands: ['ConfirmCase'],
      roles: ['county-reviewer'],
      unit: '330602',
      dueBy: '2021-03-30',
      overdue: true,
    });
  });

  it('shows the county visit a near-relative case waits for, then asks the county for it', () => {
    const app = application({ relatedToStaff: { declared: true, staffRole: 'assistance-staff', relation: '子女' } });
    const history = inPublicity(undefined, app);
    expect(nextAction(given(history), '2021-03-16')).toMatchObject({
      step: 'decide',
      roles: ['township-approver'],
      countyVisitPending: ['near-relative'],
    });
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
    expect(nextAction(given(submitted), '2021-03-17')).toMatchObject({
      step: 'county-home-visit',
      roles: ['county-reviewer'],
      unit: '330602',
      dueBy: '2021-03-30',
    });
  });

  it('is none once the case is approved', () => {
    const history = inPublicity();
    const approved = [
      ...history,
      ...runOn(
        history,
        command(
          'ApproveCase',
          { caseId: 'c-1', delegation: inForce(), standard: dibao890 },
          approver,
          at('2021-03-16'),
        ),
      ),
    ];
    expect(nextAction(given(approved), '2021-03-16')).toBeNull();
    expect(pendingDeadlines(given(approved))).toEqual([]);
  });
});
