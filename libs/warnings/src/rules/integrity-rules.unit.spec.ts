import { createIntegrityRules, RECTIFICATION_OVERDUE, RULE_IDS, SEVERITIES } from './index';
import { longHistory } from './testing/long-history';
import { type Raised, RuleRunner } from './testing/rule-runner';

const OCTOBER = new Date('2021-10-08T09:00:00+08:00');

function runAll(log: ReturnType<typeof longHistory>['log'], offerTwice = false): Raised[] {
  const runner = new RuleRunner(createIntegrityRules());
  const raised: Raised[] = [];
  for (const event of log) {
    raised.push(...runner.offer(event));
    if (offerTwice) raised.push(...runner.offer(event));
  }
  return [...raised, ...runner.tick(OCTOBER), ...runner.tick(OCTOBER)];
}

const identities = (raised: readonly Raised[]) => [...new Set(raised.map((r) => `${r.rule}/${r.finding.key}`))].sort();

describe('the ten rules over half a year of two townships', () => {
  const world = longHistory();
  const first = runAll(world.log);

  it('raise something for every rule', () => {
    // The case rules; rectification-overdue needs an inspection campaign (rectification-overdue.unit.spec.ts).
    expect(new Set(first.map((r) => r.rule))).toEqual(new Set(RULE_IDS.filter((id) => id !== RECTIFICATION_OVERDUE)));
    const decisionAfterRevocation = world.log.find((e) => e.type === 'CaseSuspended' && e.streamId === 'case-c-2');
    expect(identities(first)).toEqual([
      'amount-mismatch/c-4:standard:award:2021-03-16:3306/dibao/2021-07-01',
      'amount-mismatch/c-5:standard:award:2021-03-16:3306/dibao/2021-07-01',
      'deadline-overdue/c-1:review:2021-09-30',
      'deadline-overdue/c-2:review:2021-09-30',
      'deadline-overdue/c-4:review:2021-09-30',
      'deadline-overdue/c-5:review:2021-09-30',
      'deadline-overdue/c-6:decision:2021-04-13',
      'deadline-overdue/c-7:review:2021-09-30',
      `decision-authority/c-2:${decisionAfterRevocation?.eventId}`,
      'duplicate-enrolment/dibao:c-1:c-2',
      'means-check-ignored/c-4:HD-c-4',
      'near-relative-conflict/c-5:approver-330602001:decision',
      'near-relative-conflict/c-5:approver-330602001:investigation',
      'near-relative-conflict/c-5:county-visit',
      'payment-after-death/c-3:2021-07:assistance',
      'payment-after-death/c-3:2021-08:assistance',
      'payment-on-held-case/c-1:2021-06:assistance',
      'publicity-missing/c-7:approval',
      'shared-bank-account/c-1:c-4',
    ]);
  });

  it('raise exactly the same findings when the log is replayed from the start', () => {
    expect(runAll(world.log)).toEqual(first);
  });

  it('raise no finding with a new key when every event is offered twice, and no key twice from a tick', () => {
    const twice = runAll(world.log, true);
    expect(identities(twice)).toEqual(identities(first));
    const ticked = first.filter((r) => r.by === 'tick').map((r) => `${r.rule}/${r.finding.key}`);
    expect(new Set(ticked).size).toBe(ticked.length);
  });

  it('give every finding a township, evidence from the log with its trigger last, and JSON details', () => {
    const ids = new Set(world.log.map((e) => e.eventId));
    for (const { by, finding } of first) {
      expect(finding.township).toMatch(/^\d{9}$/);
      expect(finding.evidence.length).toBeGreaterThan(0);
      expect(finding.evidence.every((id) => ids.has(id))).toBe(true);
      if (by !== 'tick') expect(finding.evidence.at(-1)).toBe(by);
      expect(JSON.parse(JSON.stringify(finding.details))).toEqual(finding.details);
      if (finding.severity !== undefined) expect(SEVERITIES).toContain(finding.severity);
    }
  });

  it('never write a full ID number or account number into a finding', () => {
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const text = JSON.stringify(first.map(({ finding }) => [finding.key, finding.summary, finding.details])).replace(uuid, '');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/\d{12,19}/);
  });
});

describe('createIntegrityRules', () => {
  it('makes the ten rules in the order of RULE_IDS, each with a title, a severity and the events it handles', () => {
    const rules = createIntegrityRules();
    expect(rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const rule of rules) {
      expect(rule.title).toMatch(/[\u4e00-\u9fff]/);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.handles.length).toBeGreaterThan(0);
    }
    expect(rules.filter((r) => r.tick !== undefined).map((r) => r.id)).toEqual(['deadline-overdue', 'rectification-overdue']);
  });

  it('takes severities and disabled rules from its options', () => {
    const rules = createIntegrityRules({ severities: { 'publicity-missing': 'high' }, disabled: ['shared-bank-account'] });
    expect(rules.map((r) => r.id)).not.toContain('shared-bank-account');
    expect(rules.find((r) => r.id === 'publicity-missing')?.severity).toBe('high');
  });

  it('refuses options it cannot use', () => {
    expect(() => createIntegrityRules({ amountToleranceFen: -1 })).toThrow(RangeError);
    expect(() => createIntegrityRules({ meansCheckLimits: { maxVehicles: 0.5 } })).toThrow(RangeError);
    expect(() => createIntegrityRules({ severities: { 'no-such-rule': 'high' } as never })).toThrow(RangeError);
    expect(() => createIntegrityRules({ disabled: ['no-such-rule'] as never })).toThrow(RangeError);
    expect(() => createIntegrityRules({ tolerance: 5 } as never)).toThrow(/unknown rules option tolerance/);
  });
});
