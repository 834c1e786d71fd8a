import type { PaymentScheduled } from '@app/assistance-cases/case-payments.events';
import { DEFAULT_CASE_POLICY } from '@app/assistance-cases/case.policy';
import { amountMismatchRule } from './amount-mismatch.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import {
  ADMIN,
  approved,
  at,
  death,
  DIBAO_890,
  pay,
  PEOPLE,
  severityOf,
  staffOf,
  THREE_PERSONS,
  TOWNSHIP,
} from './testing/scenarios';
import { setStandards } from './testing/registers';

const rule = amountMismatchRule({ policy: DEFAULT_CASE_POLICY });
const { clerk } = staffOf(TOWNSHIP);

/** Shaoxing's standards, and a 低保 household of three approved at 890 元 (1770 元 a month from April). */
function household(): World {
  const world = new World();
  setStandards(world);
  approved(world, 'c-1', { members: THREE_PERSONS });
  return world;
}

function forced(world: World, month: string, amountFen: number) {
  const basis = world.state('c-1').payments[0]?.basis ?? null;
  const event: PaymentScheduled = {
    type: 'PaymentScheduled',
    data: { caseId: 'c-1', paymentId: `forced-${month}`, batchId: `${TOWNSHIP}-${month.replace('-', '')}`, month, kind: 'assistance', amountFen, scheduledOn: `${month}-05`, basis: basis as PaymentScheduled['data']['basis'] },
  };
  return world.record('c-1', event, clerk, at(`${month}-05`));
}

describe('payments of a 低保 household against the standards register', () => {
  it('raises nothing for April, paid at the 890 元 standard in force', () => {
    const world = household();
    pay(world, 'c-1', '2021-04');

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises one warning when the standard rises to 930 元 from May and the case is not decided again', () => {
    const world = household();
    pay(world, 'c-1', '2021-04');
    const raised = world.other('standard-3306', 'StandardSet', { region: '3306', programme: 'dibao', monthlyFen: 93_000, effectiveFrom: '2021-05-01', setBy: ADMIN.id }, ADMIN, at('2021-04-20'));
    const [may] = pay(world, 'c-1', '2021-05', '2021-06');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(new Set(findings.map((f) => f.key))).toEqual(new Set(['c-1:standard:award:2021-03-16:3306/dibao/2021-05-01']));
    expect(findings[0]).toMatchObject({
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [raised.eventId, may.eventId],
      details: { month: '2021-05', paidFen: 177_000, expectedFen: 189_000, caseComputedFen: 177_000, differenceFen: -12_000, finding: 'standard-not-applied' },
    });
    expect(severityOf(rule, findings[0])).toBe('medium');
  });

  it('raises a high warning for an amount above the entitlement', () => {
    const world = household();
    const april = forced(world, '2021-04', 187_000);
    const standard = world.log.find((e) => e.type === 'StandardSet' && (e.data as { monthlyFen: number }).monthlyFen === 89_000);

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({
      key: 'c-1:2021-04:assistance',
      evidence: [standard?.eventId, april.eventId],
      details: { paidFen: 187_000, expectedFen: 177_000, differenceFen: 10_000, finding: 'amount-differs' },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });

  it('raises a warning for a month before the award is payable', () => {
    const world = household();
    forced(world, '2021-03', 177_000);

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: 'c-1:2021-03:assistance', details: { expectedFen: 0, notDueReason: 'not-yet-payable', finding: 'not-due' } });
  });

  it('leaves a dead member’s share to the death rule', () => {
    const world = household();
    pay(world, 'c-1', '2021-04');
    death(world, 'c-1', PEOPLE.li, '2021-04-10', '2021-04-12');
    forced(world, '2021-05', 177_000);
    pay(world, 'c-1', '2021-06');

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});

describe('the price subsidy (价格临时补贴) of a 低保 household of three', () => {
  const cpi = (cpiYoY: number) => ({ month: '2021-03', cpiYoY, foodCpiYoY: 0.02 });

  it('raises nothing for a subsidy computed at the 890 元 standard on a CPI rise of 4 %', () => {
    const world = household();
    world.run({
      type: 'SchedulePayment',
      data: { caseId: 'c-1', paymentId: 'ps-2021-04', batchId: `${TOWNSHIP}-202104`, month: '2021-04', kind: 'price-subsidy', priceSubsidy: { cpi: cpi(0.04), standard: DIBAO_890 } },
      metadata: { now: at('2021-04-05'), actor: clerk },
    });

    expect(world.state('c-1').payments[0]).toMatchObject({ kind: 'price-subsidy', amountFen: 3 * 3_560 });
    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises a warning for a subsidy paid on a CPI rise that triggers none', () => {
    const world = household();
    const scheduled = world.decide({
      type: 'SchedulePayment',
      data: { caseId: 'c-1', paymentId: 'ps-2021-04', batchId: `${TOWNSHIP}-202104`, month: '2021-04', kind: 'price-subsidy', priceSubsidy: { cpi: cpi(0.04), standard: DIBAO_890 } },
      metadata: { now: at('2021-04-05'), actor: clerk },
    })[0] as PaymentScheduled;
    const basis = scheduled.data.basis.kind === 'price-subsidy' ? { ...scheduled.data.basis, cpi: cpi(0.01) } : scheduled.data.basis;
    world.record('c-1', { ...scheduled, data: { ...scheduled.data, basis } }, clerk, at('2021-04-05'));

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(finding).toMatchObject({ key: 'c-1:2021-04:price-subsidy', details: { paidFen: 10_680, expectedFen: 0, finding: 'amount-differs' } });
    expect(severityOf(rule, finding)).toBe('high');
  });
});

describe('a batch reconciled against its case payments', () => {
  it('raises a warning for a payment sent to the bank with another amount than the case holds', () => {
    const world = household();
    const [april] = pay(world, 'c-1', '2021-04');
    const batchId = `${TOWNSHIP}-202104`;
    world.other(`batch-${batchId}`, 'BatchOpened', { batchId, townshipCode: TOWNSHIP, month: '2021-04', openedBy: clerk, openedAt: at('2021-03-25') }, clerk, at('2021-03-25'));
    const reconciled = world.other(
      `batch-${batchId}`,
      'BatchReconciled',
      {
        batchId,
        batchTotalFen: 187_000,
        batchCount: 1,
        casePaymentsTotalFen: 177_000,
        casePaymentCount: 1,
        differenceFen: 10_000,
        countDifference: 0,
        differences: [{ issue: 'amount', paymentId: 'p-c-1-2021-04', caseId: 'c-1', batchAmountFen: 187_000, caseAmountFen: 177_000, differenceFen: 10_000 }],
        result: 'reconciled-with-differences',
        reconciledBy: clerk,
        reconciledAt: at('2021-04-11'),
      },
      clerk,
      at('2021-04-11'),
    );

    const [finding] = findingsOf(runRules([rule], world.log), rule.id);

    expect(april.type).toBe('PaymentScheduled');
    expect(finding).toMatchObject({
      key: `batch:${batchId}:p-c-1-2021-04`,
      township: TOWNSHIP,
      caseId: 'c-1',
      evidence: [reconciled.eventId],
      details: { differenceFen: 10_000 },
    });
    expect(severityOf(rule, finding)).toBe('high');
  });
});
