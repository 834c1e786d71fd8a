import type { PaymentScheduled } from '@app/assistance-cases/case-payments.events';
import { paymentOnHeldCaseRule } from './payment-on-held-case.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import { approved, at, decide, pay, schedule, severityOf, staffOf, THREE_PERSONS, TOWNSHIP } from './testing/scenarios';

const rule = paymentOnHeldCaseRule();
const clerk = staffOf(TOWNSHIP).clerk;

/** 低保 of three, 1770 元 a month from April 2021, April paid. */
function paidApril(): World {
  const world = new World();
  approved(world, 'c-1', { members: THREE_PERSONS });
  pay(world, 'c-1', '2021-04');
  return world;
}

/** A payment put into a batch by hand, past the case's refusal. */
function forced(world: World, month: string) {
  const basis = world.state('c-1').payments[0].basis;
  const event: PaymentScheduled = {
    type: 'PaymentScheduled',
    data: { caseId: 'c-1', paymentId: `forced-${month}`, batchId: `${TOWNSHIP}-${month.replace('-', '')}`, month, kind: 'assistance', amountFen: 177_000, scheduledOn: `${month}-05`, basis },
  };
  return world.record('c-1', event, clerk, at(`${month}-05`));
}

describe('a case suspended from May 2021', () => {
  it('raises a warning when May is scheduled anyway', () => {
    const world = paidApril();
    const [suspended] = decide(world, 'c-1', 'SuspendCase', { reasons: ['家庭收入待核实'] }, '2021-05-03');
    const may = forced(world, '2021-05');

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: 'c-1:2021-05:assistance',
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [suspended.eventId, may.eventId],
      details: { hold: { kind: 'suspended', fromMonth: '2021-05', resumedFrom: null }, holdRecordedAfterPayment: false },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises nothing for the month it is resumed from', () => {
    const world = paidApril();
    decide(world, 'c-1', 'SuspendCase', { reasons: ['家庭收入待核实'] }, '2021-05-03');
    schedule(world, 'c-1', '2021-05');
    decide(world, 'c-1', 'ResumeCase', { reasons: ['核实无误'] }, '2021-06-02');
    pay(world, 'c-1', '2021-06');

    expect(world.log.some((e) => e.type === 'PaymentRefused')).toBe(true);
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises low warnings for the months already paid when the suspension reaches back', () => {
    const world = paidApril();
    pay(world, 'c-1', '2021-05');
    const [suspended] = decide(world, 'c-1', 'SuspendCase', { reasons: ['隐瞒收入'], from: '2021-04-15' }, '2021-05-20');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings.map((f) => f.key)).toEqual(['c-1:2021-04:assistance', 'c-1:2021-05:assistance']);
    expect(findings.map((f) => f.evidence)).toEqual([[suspended.eventId], [suspended.eventId]]);
    expect(findings.map((f) => severityOf(rule, f))).toEqual(['low', 'low']);
  });
});

describe('a 低保 case terminated on 20 May 2021, from June', () => {
  function terminated(): World {
    const world = paidApril();
    pay(world, 'c-1', '2021-05');
    decide(world, 'c-1', 'TerminateCase', { ground: 'income-above-standard', reasons: ['就业后收入超过标准'] }, '2021-05-20');
    return world;
  }

  it('raises a warning for a June payment', () => {
    const world = terminated();
    const ended = world.log.find((e) => e.type === 'CaseTerminated');
    const june = forced(world, '2021-06');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: 'c-1:2021-06:assistance',
      evidence: [ended?.eventId, june.eventId],
      details: { hold: { kind: 'terminated', effectiveFrom: '2021-06', ground: 'income-above-standard' } },
    });
  });

  it('raises nothing for May, paid before the termination takes effect', () => {
    expect(findingsOf(runRules([rule], terminated().log), rule.id)).toEqual([]);
  });
});
