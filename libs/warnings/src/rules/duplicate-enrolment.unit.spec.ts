import { duplicateEnrolmentRule } from './duplicate-enrolment.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  approved,
  at,
  decide,
  DIBAO_890,
  OTHER_TOWNSHIP,
  pay,
  PEOPLE,
  severityOf,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';

const rule = duplicateEnrolmentRule();

/** 李四 is in the household of c-1 in 越城 and applies alone (c-2) in 柯桥; both approved on 16 March. */
function twoTownships(): World {
  const world = new World();
  approved(world, 'c-1', { members: THREE_PERSONS });
  approved(world, 'c-2', {
    township: OTHER_TOWNSHIP,
    members: [{ relation: 'applicant', name: '李四', idNumber: PEOPLE.li }],
    account: '6222029876543210987',
    wagesFen: 20_000,
  });
  return world;
}

describe('one person on 低保 in two townships', () => {
  it('raises a warning when either case pays a month both cover, once for the pair of cases', () => {
    const world = twoTownships();
    const [c1April] = pay(world, 'c-1', '2021-04');
    pay(world, 'c-2', '2021-04', '2021-05');
    pay(world, 'c-1', '2021-05');
    const c2Approval = world.log.find((e) => e.type === 'CaseApproved' && e.streamId === 'case-c-2');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(new Set(findings.map((f) => f.key))).toEqual(new Set(['dibao:c-1:c-2']));
    expect(findings[0]).toMatchObject({
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [c2Approval?.eventId, c1April.eventId],
      details: { programme: 'dibao', month: '2021-04', otherCaseId: 'c-2', otherTownship: OTHER_TOWNSHIP, persons: ['**************' + PEOPLE.li.slice(-4)] },
    });
    expect(severityOf(rule, findings[0])).toBe('high');
  });

  it('raises nothing when the person left the first household and its amount was decided again before April', () => {
    const world = twoTownships();
    world.run({
      type: 'ReportHouseholdChange',
      data: {
        caseId: 'c-1',
        reportedOn: '2021-03-20',
        source: 'household',
        summary: '李四迁往柯桥区',
        membersLeft: [{ memberIndex: 1, leftOn: '2021-03-20', reason: '迁出' }],
      },
      metadata: { now: at('2021-03-22'), actor: staffOf(TOWNSHIP).clerk },
    });
    decide(world, 'c-1', 'ChangeAmount', { reasons: ['家庭人口减少'], standard: DIBAO_890 }, '2021-03-25');
    pay(world, 'c-1', '2021-04');
    pay(world, 'c-2', '2021-04');

    expect(world.state('c-1').payments[0].amountFen).toBe(88_000);
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});
