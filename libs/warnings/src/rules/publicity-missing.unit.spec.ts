import type { CaseTerminated } from '@app/assistance-cases/case-management.events';
import { DEFAULT_CASE_POLICY } from '@app/assistance-cases/case.policy';
import { publicityMissingRule } from './publicity-missing.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  approvalAsWritten,
  approved,
  at,
  decide,
  inPublicity,
  investigated,
  pay,
  PEOPLE,
  severityOf,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';

const rule = publicityMissingRule(DEFAULT_CASE_POLICY);
const { clerk, approver } = staffOf(TOWNSHIP);

const approvalOn = (decidedOn: string) => approvalAsWritten('c-1', { members: THREE_PERSONS }, decidedOn);

describe('an approval and its 7-day publicity (9 to 15 March 2021)', () => {
  it('raises a warning for an approval on 12 March, while the publicity runs', () => {
    const world = new World();
    const started = inPublicity(world, 'c-1', { members: THREE_PERSONS }).find((e) => e.type === 'PublicityStarted');
    const approval = world.record('c-1', approvalOn('2021-03-12'), approver, at('2021-03-12'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: 'c-1:approval',
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [started?.eventId, approval.eventId],
      details: { shortfall: 'not-finished', publicity: { from: '2021-03-09', until: '2021-03-15', days: 7 }, requiredDays: 7 },
    });
    expect(severityOf(rule, finding)).toBe('medium');
  });

  it('raises a warning for a publicity of three days', () => {
    const world = new World();
    investigated(world, 'c-1', { members: THREE_PERSONS });
    world.record('c-1', { type: 'PublicityStarted', data: { caseId: 'c-1', round: 1, from: '2021-03-09', until: '2021-03-11', place: '村务公开栏' } }, clerk, at('2021-03-08', '16:00'));
    world.record('c-1', approvalOn('2021-03-16'), approver, at('2021-03-16'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: 'c-1:approval', details: { shortfall: 'short', publicity: { days: 3 } } });
  });

  it('raises a high warning for an approval with no publicity at all', () => {
    const world = new World();
    investigated(world, 'c-1', { members: THREE_PERSONS });
    const approval = world.record('c-1', approvalOn('2021-03-16'), approver, at('2021-03-16'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: 'c-1:approval', evidence: [approval.eventId], details: { shortfall: 'none', publicity: null } });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises nothing for an approval the day after the publicity ended', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS });

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});

describe('the termination of a 特困 case and its publicity', () => {
  function tekunInPayment(): World {
    const world = new World();
    approved(world, 'c-1', { programme: 'tekun', members: [{ relation: 'applicant', name: '王五', idNumber: PEOPLE.wang }] });
    pay(world, 'c-1', '2021-04');
    world.run({
      type: 'StartTerminationPublicity',
      data: { caseId: 'c-1', ground: 'supporter-able', reasons: ['子女具备赡养能力'], place: '村务公开栏', from: '2021-05-06' },
      metadata: { now: at('2021-05-06'), actor: clerk },
    });
    return world;
  }

  it('raises a warning for a termination decided before its publicity ended', () => {
    const world = tekunInPayment();
    const started = world.log.at(-1);
    const forged: CaseTerminated = {
      type: 'CaseTerminated',
      data: {
        caseId: 'c-1',
        programme: 'tekun',
        decidedOn: '2021-05-08',
        decidedBy: { officialId: approver.id, unit: TOWNSHIP, level: 'township', delegationId: `dlg-${TOWNSHIP}` },
        delegationId: `dlg-${TOWNSHIP}`,
        reasons: ['子女具备赡养能力'],
        ground: 'supporter-able',
        effectiveFrom: '2021-06',
        publicity: { from: '2021-05-06', until: '2021-05-12' },
        paymentsToCancel: [],
      },
    };
    const terminated = world.record('c-1', forged, approver, at('2021-05-08'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: 'c-1:termination', evidence: [started?.eventId, terminated.eventId], details: { shortfall: 'not-finished' } });
  });

  it('raises nothing for a termination after the publicity ran its 7 days', () => {
    const world = tekunInPayment();
    decide(world, 'c-1', 'TerminateCase', { reasons: ['子女具备赡养能力'] }, '2021-05-13');

    expect(world.state('c-1').status).toBe('terminated');
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});
