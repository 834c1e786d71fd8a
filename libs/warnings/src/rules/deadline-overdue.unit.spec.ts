import { createWorkingCalendar } from '@app/calendar';
import { DEFAULT_CASE_POLICY } from '@app/assistance-cases/case.policy';
import { deadlineOverdueRule } from './deadline-overdue.rule';
import { World } from './testing/case-world';
import { RuleRunner } from './testing/rule-runner';
import { approve, approved, at, inPublicity, severityOf, staffOf, submitted, THREE_PERSONS, TOWNSHIP } from './testing/scenarios';

const rule = deadlineOverdueRule({ calendar: createWorkingCalendar(), policy: DEFAULT_CASE_POLICY });
const instant = (date: string, time = '09:00') => new Date(at(date, time));

describe('an application accepted on Monday 1 March 2021 (decision due in 30 working days)', () => {
  it('is due on 13 April, after the Qingming holiday', () => {
    const world = new World();
    submitted(world, 'c-1', { members: THREE_PERSONS });
    expect(world.state('c-1').deadline).toMatchObject({ dueBy: '2021-04-13', totalWorkingDays: 30 });
  });

  it('raises nothing on its last day, and a warning the day after, once', () => {
    const world = new World();
    const [, accepted] = submitted(world, 'c-1', { members: THREE_PERSONS });
    const runner = new RuleRunner([rule]);
    runner.offerAll(world.log);

    expect(runner.tick(instant('2021-04-13', '23:59'))).toEqual([]);
    const raised = runner.tick(instant('2021-04-14'));
    expect(raised).toHaveLength(1);
    expect(raised[0].finding).toMatchObject({
      key: 'c-1:decision:2021-04-13',
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [accepted.eventId],
      details: { deadline: 'decision', dueBy: '2021-04-13', asOf: '2021-04-14', overdueWorkingDays: 1, statutoryMaximum: '2021-05-06', beyondMaximum: false },
    });
    expect(severityOf(rule, raised[0].finding)).toBe('medium');
    expect(runner.tick(instant('2021-04-20'))).toEqual([]);
  });

  it('is severity high past the 45 working days an extension could have given', () => {
    const world = new World();
    submitted(world, 'c-1', { members: THREE_PERSONS });
    const runner = new RuleRunner([rule]);
    runner.offerAll(world.log);

    const [raised] = runner.tick(instant('2021-05-07'));
    expect(raised.finding.details).toMatchObject({ beyondMaximum: true });
    expect(severityOf(rule, raised.finding)).toBe('high');
  });

  it('raises a warning for an approval recorded after the deadline, once even when a tick raised it first', () => {
    const world = new World();
    const accepted = inPublicity(world, 'c-1', { members: THREE_PERSONS })[1];
    const runner = new RuleRunner([rule]);
    runner.offerAll(world.log);
    const [approval] = approve(world, 'c-1', '2021-04-20');

    const late = new RuleRunner([rule]).offerAll(world.log);
    expect(late.map((r) => [r.finding.key, r.finding.evidence])).toEqual([
      ['c-1:decision:2021-04-13', [accepted.eventId, approval.eventId]],
    ]);

    expect(runner.tick(instant('2021-04-14'))).toHaveLength(1);
    expect(runner.offer(approval)).toEqual([]);
  });

  it('raises nothing for an approval within the deadline, nor once the case is decided', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS });
    const runner = new RuleRunner([rule]);

    expect(runner.offerAll(world.log)).toEqual([]);
    expect(runner.tick(instant('2021-04-14'))).toEqual([]);
  });
});

describe('the periodic review of a 低保 case approved on 16 March 2021 (unclassified: every 6 months)', () => {
  it('raises a warning when no review is recorded by 30 September', () => {
    const world = new World();
    const approval = approved(world, 'c-1', { members: THREE_PERSONS }).at(-1);
    const runner = new RuleRunner([rule]);
    runner.offerAll(world.log);

    expect(runner.tick(instant('2021-09-30', '18:00'))).toEqual([]);
    const [raised] = runner.tick(instant('2021-10-08'));
    expect(raised.finding).toMatchObject({
      key: 'c-1:review:2021-09-30',
      township: TOWNSHIP,
      evidence: [approval?.eventId],
      details: { deadline: 'review', dueBy: '2021-09-30', asOf: '2021-10-08', overdueWorkingDays: 1 },
    });
    expect(severityOf(rule, raised.finding)).toBe('medium');
  });

  it('raises nothing when the review was recorded in time', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS });
    world.run({
      type: 'RecordReview',
      data: { caseId: 'c-1', reviewedOn: '2021-09-20', outcome: 'unchanged', findings: '家庭情况无变化' },
      metadata: { now: at('2021-09-20'), actor: staffOf(TOWNSHIP).clerk },
    });
    const runner = new RuleRunner([rule]);

    expect(runner.offerAll(world.log)).toEqual([]);
    expect(runner.tick(instant('2021-10-08'))).toEqual([]);
  });
});
