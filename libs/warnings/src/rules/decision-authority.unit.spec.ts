import type { CaseSuspended } from '@app/assistance-cases/case-management.events';
import { decisionAuthorityRule } from './decision-authority.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  ADMIN,
  approve,
  approved,
  at,
  decide,
  inPublicity,
  severityOf,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';
import { grantDelegation, registerOfficial, revokeDelegation } from './testing/registers';

const rule = decisionAuthorityRule();
const { approver } = staffOf(TOWNSHIP);

describe('a township approval under the delegation', () => {
  it('raises a warning when the delegation was revoked before the approval', () => {
    const world = new World();
    grantDelegation(world, TOWNSHIP);
    inPublicity(world, 'c-1', { members: THREE_PERSONS });
    const revoked = revokeDelegation(world, TOWNSHIP, '2021-03-12');
    const [approval] = approve(world, 'c-1');

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: `c-1:${approval.eventId}`,
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [revoked.eventId, approval.eventId],
      details: {
        decision: 'CaseApproved',
        actor: approver,
        recordedDelegationId: `dlg-${TOWNSHIP}`,
        problems: ['delegation-not-in-force'],
        delegationRefusal: 'revoked',
      },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises nothing while the delegation is in force', () => {
    const world = new World();
    grantDelegation(world, TOWNSHIP);
    approved(world, 'c-1', { members: THREE_PERSONS });
    decide(world, 'c-1', 'SuspendCase', { reasons: ['收入待核实'] }, '2021-05-03');
    revokeDelegation(world, TOWNSHIP, '2021-06-01');

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises a warning for a township that never held a delegation', () => {
    const world = new World();
    const [approval] = approved(world, 'c-1', { members: THREE_PERSONS }).slice(-1);

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ evidence: [approval.eventId], details: { problems: ['delegation-not-in-force'], delegationRefusal: 'none' } });
  });
});

describe('a decision by an official without the role', () => {
  it('raises a warning when the register gives the approver no approver role', () => {
    const world = new World();
    grantDelegation(world, TOWNSHIP);
    registerOfficial(world, { ...approver, role: 'intake-clerk' });
    const [approval] = approved(world, 'c-1', { members: THREE_PERSONS }).slice(-1);

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: `c-1:${approval.eventId}`, details: { problems: ['official-lacks-role'] } });
  });

  it('raises a warning for a suspension recorded under an admin account', () => {
    const world = new World();
    grantDelegation(world, TOWNSHIP);
    approved(world, 'c-1', { members: THREE_PERSONS });
    const [suspension] = decide(world, 'c-1', 'SuspendCase', { reasons: ['收入待核实'] }, '2021-05-03');
    const data = { ...(suspension.data as CaseSuspended['data']), suspendedOn: '2021-05-04' };
    const forged = world.record('c-1', { type: 'CaseSuspended', data }, ADMIN, at('2021-05-04'));

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: `c-1:${forged.eventId}`,
      details: { problems: ['role-not-allowed', 'actor-not-decider', 'outside-jurisdiction'] },
    });
  });

  it('raises nothing when the register gives the approver the role', () => {
    const world = new World();
    grantDelegation(world, TOWNSHIP);
    registerOfficial(world, approver);
    approved(world, 'c-1', { members: THREE_PERSONS });

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});
