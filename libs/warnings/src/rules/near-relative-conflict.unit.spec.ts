import { nearRelativeConflictRule } from './near-relative-conflict.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  approvalAsWritten,
  approve,
  approved,
  at,
  inPublicity,
  PEOPLE,
  severityOf,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';
import { declareRelative, registerOfficial } from './testing/registers';

const rule = nearRelativeConflictRule();
const { approver, county } = staffOf(TOWNSHIP);

function keysOf(world: World): string[] {
  return findingsOf(runRules([rule], world.log), rule.id).map((f) => f.key);
}

describe('a township approver whose declared spouse (李四) is in the household', () => {
  it('raises warnings for the opinion and the approval the approver gave, and for the missing county visit', () => {
    const world = new World();
    registerOfficial(world, approver);
    const declared = declareRelative(world, approver.id, PEOPLE.li);
    const events = approved(world, 'c-1', { members: THREE_PERSONS });
    const opinion = events.find((e) => e.type === 'PreliminaryOpinionGiven');
    const approval = events.find((e) => e.type === 'CaseApproved');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings.map((f) => f.key)).toEqual([
      `c-1:${approver.id}:investigation`,
      `c-1:${approver.id}:decision`,
      'c-1:county-visit',
    ]);
    const [investigated, decided, visit] = findings;
    expect(investigated).toMatchObject({ township: TOWNSHIP, evidence: [declared.eventId, opinion?.eventId] });
    expect(severityOf(rule, investigated)).toBe('high');
    expect(decided).toMatchObject({
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [declared.eventId, approval?.eventId],
      details: { officialId: approver.id, part: 'decision', relation: 'spouse', member: `**************${PEOPLE.li.slice(-4)}` },
    });
    expect(severityOf(rule, decided)).toBe('critical');
    expect(visit).toMatchObject({ evidence: [declared.eventId, approval?.eventId], details: { registered: false, matchedOfficials: [approver.id] } });
  });

  it('matches a declaration made after the approval back to it', () => {
    const world = new World();
    const events = approved(world, 'c-1', { members: THREE_PERSONS });
    const approval = events.find((e) => e.type === 'CaseApproved');
    const declared = declareRelative(world, approver.id, PEOPLE.li, '2021-04-01');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings.map((f) => f.key)).toEqual([`c-1:${approver.id}:decision`, `c-1:${approver.id}:investigation`]);
    expect(findings[0].evidence).toEqual([approval?.eventId, declared.eventId]);
  });

  it('raises nothing when the declared relative is not in the household', () => {
    const world = new World();
    declareRelative(world, approver.id, PEOPLE.sun);
    approved(world, 'c-1', { members: THREE_PERSONS });

    expect(keysOf(world)).toEqual([]);
  });
});

describe('a case registered as a near-relative case (单独登记备案)', () => {
  const matches = [{ officialId: 'o-9', relation: '配偶', memberIdNumber: PEOPLE.li }];

  it('raises a warning when it is approved without the county home visit', () => {
    // The decider refuses this approval; the event arrives by another route, as the decider would have written it.
    const world = new World();
    const events = inPublicity(world, 'c-1', { members: THREE_PERSONS, nearRelativeMatches: matches });
    const registered = events.find((e) => e.type === 'NearRelativeCaseRegistered');
    const forced = world.record('c-1', approvalAsWritten('c-1', { members: THREE_PERSONS }), approver, at('2021-03-16'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: 'c-1:county-visit',
      township: TOWNSHIP,
      evidence: [registered?.eventId, forced.eventId],
      details: { registered: true },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises nothing when the county visited before the approval', () => {
    const world = new World();
    inPublicity(world, 'c-1', { members: THREE_PERSONS, nearRelativeMatches: matches });
    world.run({
      type: 'RecordHomeVisit',
      data: { caseId: 'c-1', visitId: 'cv-1', visitedOn: '2021-03-10', investigatorIds: ['county-1', 'county-2'], byCounty: true, mode: 'in-person', findings: '与乡镇调查一致' },
      metadata: { now: at('2021-03-10', '16:00'), actor: county },
    });
    approve(world, 'c-1');

    expect(world.state('c-1').status).toBe('approved');
    expect(keysOf(world)).toEqual([]);
  });
});
