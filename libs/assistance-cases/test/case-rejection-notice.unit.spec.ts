import { isOverdue, missedDeadlines, pendingDeadlines } from '../src';
import { approver, at, clerk, command, given, inForce, inPublicity, refusal, runOn, when } from './case.fixtures';

describe('the rejection notice (3 working days)', () => {
  const history = inPublicity();
  // Decided Friday 2 April 2021; Qingming 3–5 April is off; 3 working days end Thursday 8 April.
  const rejected = [
    ...history,
    ...runOn(
      history,
      command(
        'RejectCase',
        { caseId: 'c-1', delegation: inForce(), reasons: ['家庭人均收入高于当地低保标准'] },
        approver,
        at('2021-04-02'),
      ),
    ),
  ];
  const notice = (sentOn: string, now = at(sentOn)) =>
    command('RecordRejectionNotice', { caseId: 'c-1', sentOn, method: 'in-person' }, clerk, now);

  it('is due three working days after the decision, across the holiday', () => {
    expect(rejected[rejected.length - 1]).toMatchObject({
      type: 'CaseRejected',
      data: {
        decidedOn: '2021-04-02',
        noticeDueBy: '2021-04-08',
        reasons: ['家庭人均收入高于当地低保标准'],
        delegationId: 'dlg-1',
      },
    });
    expect(pendingDeadlines(given(rejected))).toEqual([{ kind: 'rejection-notice', dueBy: '2021-04-08' }]);
    expect(isOverdue(given(rejected), '2021-04-09')).toBe(true);
  });

  it('is on time on its last day', () => {
    expect(when(rejected, notice('2021-04-08'))).toEqual([
      {
        type: 'RejectionNoticeSent',
        data: { caseId: 'c-1', sentOn: '2021-04-08', method: 'in-person', dueBy: '2021-04-08', late: false },
      },
    ]);
  });

  it('is recorded as late after it, and stays visible as a missed deadline', () => {
    const sent = when(rejected, notice('2021-04-09'));
    expect(sent[0].data).toMatchObject({ late: true });
    const state = given([...rejected, ...sent]);
    expect(isOverdue(state, '2021-05-01')).toBe(false);
    expect(missedDeadlines(state)).toEqual([{ kind: 'rejection-notice', dueBy: '2021-04-08' }]);
  });

  it('is recorded once, and not before the decision or in the future', () => {
    const sent = [...rejected, ...when(rejected, notice('2021-04-06'))];
    expect(refusal(sent, notice('2021-04-07'))).toMatchObject({ code: 'rejection-notice-already-sent' });
    expect(refusal(rejected, notice('2021-04-01', at('2021-04-06'))).details).toMatchObject({ field: 'sentOn' });
    expect(refusal(rejected, notice('2021-04-09', at('2021-04-06'))).details).toMatchObject({ field: 'sentOn' });
  });
});
