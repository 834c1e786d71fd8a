import { meansCheckIgnoredRule } from './means-check-ignored.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import { approved, at, inForce, inPublicity, severityOf, staffOf, THREE_PERSONS, TOWNSHIP } from './testing/scenarios';

const rule = meansCheckIgnoredRule();

describe('a 核对报告 and the approval that follows it', () => {
  it('raises a warning when the report shows a vehicle and the case is approved anyway', () => {
    const world = new World();
    const events = approved(world, 'c-1', { members: THREE_PERSONS, meansCheck: { vehicles: 1 } });
    const report = events.find((e) => e.type === 'MeansCheckReported');
    const approval = events.find((e) => e.type === 'CaseApproved');

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: 'c-1:HD-c-1',
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [report?.eventId, approval?.eventId],
      details: { reportRef: 'HD-c-1', flags: ['vehicle'], decidedOn: '2021-03-16', level: 'township' },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises a critical warning when the report shows a public-payroll job', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, meansCheck: { publicPayrollJob: true, businessRegistrations: 1 } });

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding.details).toMatchObject({ flags: ['business-registration', 'public-payroll-job'] });
    expect(severityOf(rule, finding)).toBe('critical');
  });

  it('raises nothing for the household’s own home and no vehicle', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, meansCheck: { realEstateUnits: 1, vehicles: 0 } });

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises nothing when the case with a vehicle is rejected', () => {
    const world = new World();
    inPublicity(world, 'c-1', { members: THREE_PERSONS, meansCheck: { vehicles: 1 } });
    world.run({
      type: 'RejectCase',
      data: { caseId: 'c-1', delegation: inForce(TOWNSHIP), reasons: ['核对发现家庭拥有机动车辆'] },
      metadata: { now: at('2021-03-16'), actor: staffOf(TOWNSHIP).approver },
    });

    expect(world.state('c-1').status).toBe('rejected');
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('judges by the thresholds it is given: a city allowing one vehicle', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, meansCheck: { vehicles: 1 } });
    const lenient = meansCheckIgnoredRule({ maxVehicles: 1, maxRealEstateUnits: 1, maxBusinessRegistrations: 0, maxFinancialAssetsFen: null });

    expect(findingsOf(runRules([lenient], world.log), lenient.id)).toEqual([]);
  });
});
