import { sharedBankAccountRule } from './shared-bank-account.rule';
import { World } from './testing/case-world';
import { findingsOf, runRules } from './testing/rule-runner';
import { approved, OTHER_TOWNSHIP, pay, PEOPLE, severityOf, THREE_PERSONS, TOWNSHIP } from './testing/scenarios';

const rule = sharedBankAccountRule();
const ACCOUNT = '6222021234567890123';

describe('one bank account given for two households', () => {
  it('raises a warning when the second household is paid into it', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, account: ACCOUNT });
    approved(world, 'c-2', {
      township: OTHER_TOWNSHIP,
      members: [{ relation: 'applicant', name: '赵六', idNumber: PEOPLE.zhao }],
      account: ACCOUNT,
    });
    const [c1April] = pay(world, 'c-1', '2021-04');
    const [c2April] = pay(world, 'c-2', '2021-04', '2021-05');

    const findings = findingsOf(runRules([rule], world.log), rule.id);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: 'c-1:c-2',
      township: OTHER_TOWNSHIP,
      caseId: 'c-2',
      evidence: [c1April.eventId, c2April.eventId],
      details: { account: '6222***********0123', otherCaseId: 'c-1', otherTownship: TOWNSHIP, householdsOnAccount: 2 },
    });
    expect(JSON.stringify(findings[0])).not.toContain(ACCOUNT);
    expect(severityOf(rule, findings[0])).toBe('high');
  });

  it('raises nothing for two cases of one household (a member in common) on its account', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, account: ACCOUNT });
    approved(world, 'c-2', { members: [{ relation: 'applicant', name: '张三', idNumber: PEOPLE.zhang }], account: ACCOUNT });
    pay(world, 'c-1', '2021-04');
    pay(world, 'c-2', '2021-04');

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });

  it('raises nothing for two households paid into their own accounts', () => {
    const world = new World();
    approved(world, 'c-1', { members: THREE_PERSONS, account: ACCOUNT });
    approved(world, 'c-2', { members: [{ relation: 'applicant', name: '赵六', idNumber: PEOPLE.zhao }], account: '6222029876543210987' });
    pay(world, 'c-1', '2021-04');
    pay(world, 'c-2', '2021-04');

    expect(findingsOf(runRules([rule], world.log), rule.id)).toEqual([]);
  });
});
