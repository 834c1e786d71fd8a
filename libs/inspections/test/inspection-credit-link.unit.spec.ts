import { createCreditDecider, DEFAULT_CREDIT_POLICY, householdIdOf } from '@app/credit';
import type { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { creditRecordFromFinding } from '../src/finding-credit-record';
import { Campaign, COUNTY, command, drawn, T1 } from './inspection.fixtures';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

const day = (d: string) => `${d}T02:00:00.000Z`;
const ID_NUMBER = '330602198001010015';
const HOUSEHOLD = householdIdOf(ID_NUMBER);
const REVIEWER: Actor = { id: 'county-1', role: 'county-reviewer', unit: COUNTY };

function withFinding(): Campaign {
  const c = drawn();
  const sampled = c.state.draw!.sample[0]!;
  c.when(command('RecordVisit', { visitId: 'v-1', mode: 'covert', visitedOn: '2021-04-06', townshipCode: T1, caseId: sampled.caseId, officials: ['jjjc-1'], notes: '暗访' }, day('2021-04-06')));
  c.when(command('RecordFinding', { findingId: 'f-1', visitId: 'v-1', townshipCode: T1, findingClass: 'deceptive-claim', description: '隐瞒经商收入骗取低保', responsibleOfficials: ['village-1'], amountFen: 360_000 }, day('2021-04-06')));
  return c;
}

const link = (extra: Record<string, unknown> = {}) =>
  ({ findingId: 'f-1', householdId: HOUSEHOLD, recordId: 'rec-1', behaviour: 'concealed-changes', severity: 'serious', gradeAfter: 'serious', ...extra }) as never;

describe('a finding that has created a credit record on a household', () => {
  it('is linked on the campaign with the record, its behaviour, severity and the grade after it', () => {
    const c = withFinding();
    const [event] = c.when(command('LinkCreditRecord', link(), day('2021-04-08'), REVIEWER));
    expect(event).toMatchObject({
      type: 'InspectionCreditRecordLinked',
      data: { campaignId: 'camp-1', findingId: 'f-1', householdId: HOUSEHOLD, recordId: 'rec-1', linkedOn: '2021-04-08', linkedBy: { officialId: 'county-1', role: 'county-reviewer', unit: COUNTY } },
    });
    expect(c.state.findings[0]!.creditRecords).toEqual([
      { householdId: HOUSEHOLD, recordId: 'rec-1', behaviour: 'concealed-changes', severity: 'serious', gradeAfter: 'serious', linkedOn: '2021-04-08' },
    ]);
  });

  it('is linked once per household, to a finding of this campaign, by an inspector over the campaign', () => {
    const c = withFinding();
    c.when(command('LinkCreditRecord', link(), day('2021-04-08'), REVIEWER));
    expect(refusal(() => c.when(command('LinkCreditRecord', link({ recordId: 'rec-2' }), day('2021-04-08'), REVIEWER)))).toMatchObject({ code: 'credit-record-already-linked' });
    expect(refusal(() => c.when(command('LinkCreditRecord', link({ findingId: 'f-9' }), day('2021-04-08'), REVIEWER)))).toMatchObject({ code: 'finding-not-found' });
    const keqiao: Actor = { id: 'county-9', role: 'county-reviewer', unit: '330603' };
    expect(refusal(() => c.when(command('LinkCreditRecord', link({ householdId: 'h-2' }), day('2021-04-08'), keqiao)))).toMatchObject({ kind: 'forbidden' });
    const clerk: Actor = { id: 'clerk-1', role: 'intake-clerk', unit: T1 };
    expect(refusal(() => c.when(command('LinkCreditRecord', link({ householdId: 'h-2' }), day('2021-04-08'), clerk)))).toMatchObject({ kind: 'forbidden' });
    c.when(command('LinkCreditRecord', link({ householdId: 'h-2', recordId: 'rec-2' }), day('2021-04-08'), REVIEWER));
    expect(c.state.findings[0]!.creditRecords.map((r) => r.householdId)).toEqual([HOUSEHOLD, 'h-2']);
  });
});

describe('the credit record a finding gives a household', () => {
  const decider = createCreditDecider(DEFAULT_CREDIT_POLICY);

  it('cites the finding as its evidence and the policy’s legal basis, in the finding’s township, and lowers the grade', () => {
    const c = withFinding();
    const data = creditRecordFromFinding(c.state, c.state.findings[0]!, {
      householdId: HOUSEHOLD,
      recordId: 'rec-1',
      idNumber: ID_NUMBER,
      behaviour: 'concealed-changes',
      legalBasis: ['《绍兴市社会救助家庭经济状况核对办法》第十二条'],
    });
    const events = decider.decide({ type: 'EnterCreditRecord', data, metadata: { now: day('2021-04-08'), actor: REVIEWER } }, decider.initialState());
    expect(events.map((e) => e.type)).toEqual(['CreditRecordEntered', 'CreditEvaluated']);
    const entered = events[0]!.data as unknown as Record<string, unknown> & { legalBasis: string[] };
    expect(entered).toMatchObject({
      townshipCode: T1,
      occurredOn: '2021-04-06',
      summary: '隐瞒经商收入骗取低保',
      evidence: [{ kind: 'inspection-finding', ref: 'f-1', note: '2021年低保专项治理（camp-1）：瞒骗保' }],
      effect: { severity: 'serious' },
    });
    expect(entered.legalBasis).toEqual([...DEFAULT_CREDIT_POLICY.behaviours['concealed-changes'].legalBasis, '《绍兴市社会救助家庭经济状况核对办法》第十二条']);
    expect(events[1]).toMatchObject({ data: { grade: 'serious', previousGrade: 'good' } });
  });

  it('is refused to an inspector the credit context does not let record 失信', () => {
    const c = withFinding();
    const data = creditRecordFromFinding(c.state, c.state.findings[0]!, { householdId: HOUSEHOLD, recordId: 'rec-1', idNumber: ID_NUMBER, behaviour: 'false-report' });
    const inspector: Actor = { id: 'jjjc-1', role: 'discipline-inspector', unit: COUNTY };
    expect(() => decider.decide({ type: 'EnterCreditRecord', data, metadata: { now: day('2021-04-08'), actor: inspector } }, decider.initialState())).toThrow(
      expect.objectContaining({ code: 'role-not-allowed' }),
    );
  });
});
