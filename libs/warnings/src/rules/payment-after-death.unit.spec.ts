import type { PaymentScheduled, PaymentSettled } from '@app/assistance-cases/case-payments.events';
import { paymentAfterDeathRule } from './payment-after-death.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  approved,
  at,
  death,
  pay,
  PEOPLE,
  schedule,
  severityOf,
  settle,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';

const rule = paymentAfterDeathRule();
const clerk = staffOf(TOWNSHIP).clerk;

/** 特困, one person (王), 1602 元 a month from April 2021, paid April to June. */
function tekunPaidToJune(): World {
  const world = new World();
  approved(world, 'c-1', { programme: 'tekun', members: [{ relation: 'applicant', name: '王五', idNumber: PEOPLE.wang }] });
  pay(world, 'c-1', '2021-04', '2021-05', '2021-06');
  return world;
}

/** A payment as it arrives from an import: scheduled and settled, no decider asked. */
function imported(world: World, caseId: string, month: string, amountFen: number) {
  const basis = world.state(caseId).payments[0].basis;
  const scheduled: PaymentScheduled = {
    type: 'PaymentScheduled',
    data: { caseId, paymentId: `imp-${month}`, batchId: `${TOWNSHIP}-${month.replace('-', '')}`, month, kind: 'assistance', amountFen, scheduledOn: `${month}-05`, basis },
  };
  const settled: PaymentSettled = {
    type: 'PaymentSettled',
    data: { caseId, paymentId: `imp-${month}`, month, kind: 'assistance', amountFen, bankReference: `BR-imp-${month}`, settledOn: `${month}-10`, recordedOn: `${month}-10`, notDue: null },
  };
  return [
    world.record(caseId, scheduled, clerk, at(`${month}-05`)),
    world.record(caseId, settled, clerk, at(`${month}-10`)),
  ];
}

describe('a 特困 person, the only member, who died on 15 June 2021 (recorded 20 June)', () => {
  it('raises a warning when July is paid anyway, once for the payment and its settlement', () => {
    const world = tekunPaidToJune();
    const [died] = death(world, 'c-1', PEOPLE.wang, '2021-06-15', '2021-06-20');
    const [julyScheduled, julySettled] = imported(world, 'c-1', '2021-07', 160_200);

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings).toHaveLength(2);
    expect(new Set(findings.map((f) => f.key))).toEqual(new Set(['c-1:2021-07:assistance']));
    const [first] = findings;
    expect(first).toMatchObject({
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [died.eventId, julyScheduled.eventId],
      details: { month: '2021-07', householdEnded: true, dueFen: 0, excessFen: 160_200, deathRecordedAfterPayment: false },
    });
    expect(severityOf(rule, first)).toBe('high');
    expect(findings[1].evidence).toEqual([died.eventId, julySettled.eventId]);
  });

  it('raises nothing for the death month itself, paid after the death was recorded', () => {
    const world = new World();
    approved(world, 'c-1', { programme: 'tekun', members: [{ relation: 'applicant', name: '王五', idNumber: PEOPLE.wang }] });
    pay(world, 'c-1', '2021-04', '2021-05');
    death(world, 'c-1', PEOPLE.wang, '2021-06-15', '2021-06-20');
    schedule(world, 'c-1', '2021-06', '2021-06-21');
    settle(world, 'c-1', '2021-06', '2021-06-25');

    expect(world.state('c-1').payments.map((p) => [p.month, p.status])).toContainEqual(['2021-06', 'paid']);
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises a warning for each month already paid when the death is recorded late', () => {
    const world = tekunPaidToJune();
    pay(world, 'c-1', '2021-07', '2021-08');
    const [died] = death(world, 'c-1', PEOPLE.wang, '2021-06-15', '2021-08-20');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings.map((f) => f.key)).toEqual(['c-1:2021-07:assistance', 'c-1:2021-08:assistance']);
    expect(findings.every((f) => f.evidence.length === 1 && f.evidence[0] === died.eventId)).toBe(true);
    expect(findings[0].details).toMatchObject({ paymentId: 'p-c-1-2021-07', deathRecordedAfterPayment: true });
  });
});

describe('a 低保 household of three whose spouse died on 10 May 2021', () => {
  function household(): World {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS });
    pay(world, 'c-1', '2021-04', '2021-05');
    death(world, 'c-1', PEOPLE.li, '2021-05-10', '2021-05-12');
    return world;
  }

  it('raises a medium warning when June still pays the full three-person amount', () => {
    const world = household();
    const died = world.log.find((e) => e.type === 'MemberDied');
    const [june] = imported(world, 'c-1', '2021-06', 177_000);

    const [first] = findingsOf(runRules([rule], world.log), rule.id);

    expect(first).toMatchObject({
      key: 'c-1:2021-06:assistance',
      township: TOWNSHIP,
      evidence: [died?.eventId, june.eventId],
      details: { householdEnded: false, dueFen: 88_000, excessFen: 89_000, deadMembers: [{ memberIndex: 1, diedOn: '2021-05-10' }] },
    });
    expect(severityOf(rule, first)).toBe('medium');
  });

  it('raises nothing when June pays the two living members', () => {
    const world = household();
    pay(world, 'c-1', '2021-06');

    expect(world.state('c-1').payments.at(-1)).toMatchObject({ month: '2021-06', amountFen: 88_000, status: 'paid' });
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});
