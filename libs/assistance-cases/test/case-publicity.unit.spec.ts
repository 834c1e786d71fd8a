import type { CaseApproved, CaseEvent } from '../src';
import {
  approver,
  at,
  clerk,
  command,
  dibao890,
  given,
  inPublicity,
  refusal,
  runOn,
  visit,
  when,
  approve,
} from './case.fixtures';

describe('publicity (公示)', () => {
  const history = inPublicity();

  it('runs seven days, 9 to 15 March, and no decision comes before its end', () => {
    expect(given(history).publicity).toEqual({ round: 1, from: '2021-03-09', until: '2021-03-15' });
    const error = refusal(history, approve(at('2021-03-15', '18:00')));
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'publicity-not-finished',
      details: { earliestDecisionOn: '2021-03-16' },
    });
    expect(when(history, approve(at('2021-03-16', '08:30')))).toHaveLength(1);
  });

  it('sends the case back to investigation on an objection: new visit, opinion and publicity', () => {
    const objection = command(
      'RecordObjection',
      { caseId: 'c-1', receivedOn: '2021-03-11', summary: '邻居反映其子在外务工收入未申报' },
      clerk,
      at('2021-03-11'),
    );
    const objected = [...history, ...when(history, objection)];

    expect(objected[objected.length - 1]).toMatchObject({
      type: 'ObjectionRecorded',
      data: { round: 1, receivedOn: '2021-03-11', returnedTo: 'investigation' },
    });
    expect(given(objected)).toMatchObject({
      status: 'accepted',
      round: 2,
      opinion: null,
      publicity: null,
      objections: 1,
    });
    expect(refusal(objected, approve(at('2021-03-16')))).toMatchObject({ kind: 'conflict', code: 'wrong-status' });
    const opinion = command(
      'GivePreliminaryOpinion',
      { caseId: 'c-1', opinion: 'eligible', standard: dibao890 },
      approver,
      at('2021-03-12'),
    );
    expect(refusal(objected, opinion)).toMatchObject({ code: 'home-visit-missing', details: { round: 2 } });

    const reinvestigated: CaseEvent[] = [
      ...objected,
      ...runOn(
        objected,
        command('RecordHomeVisit', visit('v-2', '2021-03-12'), clerk, at('2021-03-12')),
        command(
          'GivePreliminaryOpinion',
          { caseId: 'c-1', opinion: 'eligible', assessedMonthlyIncomeFen: { wages: 150_000 }, standard: dibao890 },
          approver,
          at('2021-03-15'),
        ),
        command('StartPublicity', { caseId: 'c-1', place: '村务公开栏' }, clerk, at('2021-03-15', '15:00')),
      ),
    ];
    expect(given(reinvestigated).publicity).toEqual({ round: 2, from: '2021-03-15', until: '2021-03-21' });
    expect(refusal(reinvestigated, approve(at('2021-03-16')))).toMatchObject({ code: 'publicity-not-finished' });
    const [approved] = when(reinvestigated, approve(at('2021-03-22'))) as [CaseApproved];
    expect(approved.data.award).toMatchObject({ monthlyAmountFen: 89_000 * 3 - 150_000 });
  });

  it('takes objections only within the publicity period', () => {
    const late = command(
      'RecordObjection',
      { caseId: 'c-1', receivedOn: '2021-03-16', summary: '迟到的异议' },
      clerk,
      at('2021-03-16'),
    );
    expect(refusal(history, late).details).toMatchObject({ field: 'receivedOn' });
  });

  it('cannot be backdated', () => {
    const opinionGiven = history.slice(0, -1);
    const backdated = command(
      'StartPublicity',
      { caseId: 'c-1', from: '2021-03-07', place: '村务公开栏' },
      clerk,
      at('2021-03-08'),
    );
    expect(refusal(opinionGiven, backdated).details).toMatchObject({ field: 'from' });
  });
});
