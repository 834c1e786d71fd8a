import { createCreditPolicy, creditStanding, DEFAULT_CREDIT_POLICY, type CreditEvaluated, householdIdOf } from '../src';
import { APPLICANT_ID, clerk, command, countyReviewer, history, HOUSEHOLD, keqiaoReviewer, otherReviewer, record, refusal } from './credit.fixtures';

const evaluations = (events: readonly { type: string; data: unknown }[]) =>
  events.filter((e): e is CreditEvaluated => e.type === 'CreditEvaluated').map((e) => e.data);

describe('grade effects of credit records', () => {
  it('grades a concealed change 较重 by default: no ban, a county visit at intake', () => {
    const { events, state } = history([command('EnterCreditRecord', record('r1', 'concealed-changes'), countyReviewer, '2021-03-01')]);
    expect(events.map((e) => e.type)).toEqual(['CreditRecordEntered', 'CreditEvaluated']);
    expect(events[0].data).toMatchObject({
      householdId: HOUSEHOLD,
      polarity: 'negative',
      recordedOn: '2021-03-01',
      evidence: [{ kind: 'warning', ref: 'warning-1' }],
      effect: { severity: 'serious', grade: 'serious', banUntil: null, repairableFrom: '2022-03-01', policyVersion: DEFAULT_CREDIT_POLICY.version },
    });
    expect((events[0].data as unknown as { legalBasis: string[] }).legalBasis.join()).toContain('第三十条');
    expect(evaluations(events)).toEqual([
      expect.objectContaining({ grade: 'serious', previousGrade: 'good', banUntil: null, activeRecordIds: ['r1'], policyVersion: DEFAULT_CREDIT_POLICY.version }),
    ]);
    expect(creditStanding(HOUSEHOLD, state.records, DEFAULT_CREDIT_POLICY, '2021-03-02T01:00:00Z')).toMatchObject({
      grade: 'serious',
      countyHomeVisit: true,
      ban: null,
    });
  });

  it('grades forged documents 严重 with a 12-month ban on 低保 and 特困, citing 暂行办法 Art. 68', () => {
    const { state, events } = history([command('EnterCreditRecord', record('r1', 'forged-documents'), countyReviewer, '2021-03-01')]);
    expect(evaluations(events)[0]).toMatchObject({ grade: 'grave', banUntil: '2022-02-28', banRecordId: 'r1' });
    const standing = creditStanding(HOUSEHOLD, state.records, DEFAULT_CREDIT_POLICY, '2022-02-28T12:00:00Z');
    expect(standing.ban).toMatchObject({ until: '2022-02-28', programmes: ['dibao', 'tekun'], recordId: 'r1', behaviour: 'forged-documents' });
    expect(standing.ban?.legalBasis.join()).toContain('第六十八条');
    // The last day of the ban is 28 Feb in China; 1 March (China time) is free of it.
    expect(creditStanding(HOUSEHOLD, state.records, DEFAULT_CREDIT_POLICY, '2022-02-28T16:00:00Z').ban).toBeNull();
  });

  it('grades a refused check 一般 without a county visit, and takes the worst of several records', () => {
    const { events } = history([
      command('EnterCreditRecord', record('r1', 'refused-check'), countyReviewer, '2021-03-01'),
      command('EnterCreditRecord', record('r2', 'false-report', { severity: 'grave' }), countyReviewer, '2021-03-02'),
    ]);
    expect(evaluations(events).map((e) => e.grade)).toEqual(['general', 'grave']);
    expect(DEFAULT_CREDIT_POLICY.intake.general.countyHomeVisit).toBe(false);
  });

  it('records good conduct by township staff without changing the grade', () => {
    const { events } = history([
      command('EnterCreditRecord', record('p1', 'timely-self-report', { evidence: [] }), clerk, '2021-03-01'),
    ]);
    expect(events[0].data).toMatchObject({ polarity: 'positive', effect: null });
    expect(evaluations(events)[0]).toMatchObject({ grade: 'good', previousGrade: 'good', activeRecordIds: [] });
  });

  it('refuses a 失信 record without evidence, from township staff, outside the county, or at a severity the list does not allow', () => {
    expect(refusal([], command('EnterCreditRecord', record('r1', 'concealed-death', { evidence: [] }), countyReviewer, '2021-03-01')))
      .toMatchObject({ kind: 'invalid', details: { field: 'evidence' } });
    expect(refusal([], command('EnterCreditRecord', record('r1', 'concealed-death'), clerk, '2021-03-01'))).toMatchObject({
      kind: 'forbidden',
    });
    expect(refusal([], command('EnterCreditRecord', record('r1', 'concealed-death'), keqiaoReviewer, '2021-03-01'))).toMatchObject({
      code: 'outside-jurisdiction',
    });
    expect(
      refusal([], command('EnterCreditRecord', record('r1', 'refused-check', { severity: 'grave' }), countyReviewer, '2021-03-01')),
    ).toMatchObject({ details: { field: 'severity' } });
  });
});

describe('an appeal (异议) against a record', () => {
  const entered = command('EnterCreditRecord', record('r1', 'forged-documents'), countyReviewer, '2021-03-01');
  const lodged = command('LodgeCreditAppeal', { recordId: 'r1', appealId: 'a1', grounds: '证明材料系村委会出具，并非伪造' }, clerk, '2021-03-05');

  it('upheld: annuls the record, which stays in the history, and restores the grade', () => {
    const upheld = command('DecideCreditAppeal', { recordId: 'r1', outcome: 'upheld', reasons: '经复核，材料真实' }, otherReviewer, '2021-03-10');
    const { events, state } = history([entered, lodged, upheld]);
    expect(events.map((e) => e.type)).toEqual([
      'CreditRecordEntered',
      'CreditEvaluated',
      'CreditAppealLodged',
      'CreditAppealDecided',
      'CreditEvaluated',
    ]);
    expect(events[3].data).toMatchObject({ outcome: 'upheld', result: { kind: 'annulled' } });
    expect(evaluations(events)[1]).toMatchObject({ grade: 'good', previousGrade: 'grave', banUntil: null });
    expect(state.records[0]).toMatchObject({ status: 'annulled', appeals: [{ appealId: 'a1', decision: { outcome: 'upheld' } }] });
  });

  it('upheld with a corrected severity: keeps the record at the lower grade, from its original date', () => {
    const lowered = command(
      'DecideCreditAppeal',
      { recordId: 'r1', outcome: 'upheld', reasons: '情节较轻', correctedSeverity: 'serious' },
      otherReviewer,
      '2021-03-10',
    );
    const { events, state } = history([entered, lodged, lowered]);
    expect(evaluations(events)[1]).toMatchObject({ grade: 'serious', banUntil: null });
    expect(state.records[0]).toMatchObject({ status: 'in-force', effect: { severity: 'serious', repairableFrom: '2022-03-01' } });
  });

  it('rejected: the record and the grade stand', () => {
    const rejected = command('DecideCreditAppeal', { recordId: 'r1', outcome: 'rejected', reasons: '证据确凿' }, otherReviewer, '2021-03-10');
    const { events, state } = history([entered, lodged, rejected]);
    expect(evaluations(events)[1]).toMatchObject({ grade: 'grave', previousGrade: 'grave', banUntil: '2022-02-28' });
    expect(state.records[0].status).toBe('in-force');
  });

  it('is not decided by the official who entered the record, nor twice, nor without an appeal', () => {
    const own = command('DecideCreditAppeal', { recordId: 'r1', outcome: 'upheld', reasons: 'x' }, countyReviewer, '2021-03-10');
    expect(refusal([entered, lodged], own)).toMatchObject({ code: 'own-record' });
    const decide = command('DecideCreditAppeal', { recordId: 'r1', outcome: 'rejected', reasons: 'x' }, otherReviewer, '2021-03-10');
    expect(refusal([entered], decide)).toMatchObject({ code: 'no-appeal-pending' });
    expect(refusal([entered, lodged], lodged)).toMatchObject({ code: 'appeal-pending' });
  });
});

describe('credit repair (信用修复)', () => {
  const entered = command('EnterCreditRecord', record('r1', 'concealed-changes'), countyReviewer, '2021-03-01');
  const repair = (basis: 'period-elapsed' | 'conditions-met', date: string) =>
    command('RepairCreditRecord', { recordId: 'r1', basis }, countyReviewer, date);

  it('is refused before the repair period has run', () => {
    expect(refusal([entered], repair('period-elapsed', '2022-02-28'))).toMatchObject({
      code: 'repair-period-running',
      details: { repairableFrom: '2022-03-01' },
    });
  });

  it('after the period: the record is repaired, kept, and the grade is restored', () => {
    const { events, state } = history([entered, repair('period-elapsed', '2022-03-01')]);
    expect(events[2].data).toMatchObject({ basis: 'period-elapsed', policyVersion: DEFAULT_CREDIT_POLICY.version });
    expect(evaluations(events)[1]).toMatchObject({ grade: 'good', previousGrade: 'serious', activeRecordIds: [] });
    expect(state.records[0]).toMatchObject({ status: 'repaired', repair: { repairedOn: '2022-03-01' } });
  });

  it('early, once the household repaid after the record and the shorter period has run', () => {
    const repaid = command('EnterCreditRecord', record('p1', 'repayment', { evidence: [{ kind: 'decision', ref: 'evt-9' }] }), clerk, '2021-04-01');
    expect(refusal([entered], repair('conditions-met', '2021-09-01'))).toMatchObject({
      code: 'repair-conditions-unmet',
      details: { missing: ['repayment'] },
    });
    expect(refusal([entered, repaid], repair('conditions-met', '2021-08-31'))).toMatchObject({ code: 'repair-period-running' });
    const { events } = history([entered, repaid, repair('conditions-met', '2021-09-01')]);
    expect(events.at(-2)?.data).toMatchObject({ basis: 'conditions-met', conditionRecordIds: ['p1'] });
    expect(evaluations(events).at(-1)).toMatchObject({ grade: 'good' });
  });

  it('never ends a ban early: a 严重 record repairs early no sooner than the day after its ban', () => {
    const forged = command('EnterCreditRecord', record('r1', 'forged-documents'), countyReviewer, '2021-03-01');
    const { state } = history([forged]);
    expect(state.records[0].effect).toMatchObject({ banUntil: '2022-02-28', earlyRepairFrom: '2022-03-01', repairableFrom: '2023-03-01' });
  });
});

describe('the credit policy table', () => {
  it('must name its own version when the policy file changes a number, and each evaluation records it', () => {
    expect(() => createCreditPolicy({ severities: { grave: { banMonths: 24 } } })).toThrow(/version/);
    const policy = createCreditPolicy({ version: 'shaoxing-2021.2', severities: { grave: { banMonths: 24 } } });
    const { events } = history([command('EnterCreditRecord', record('r1', 'concealed-death'), countyReviewer, '2021-03-01')], policy);
    expect(evaluations(events)[0]).toMatchObject({ policyVersion: 'shaoxing-2021.2', banUntil: '2023-02-28' });
    expect(events[0].data).toMatchObject({ effect: { policyVersion: 'shaoxing-2021.2' } });
  });

  it('refuses numbers out of range, unknown keys and a ban longer than the repair period', () => {
    expect(() => createCreditPolicy({ version: 'v2', severities: { grave: { banMonths: -1 } } })).toThrow(/banMonths/);
    expect(() => createCreditPolicy({ version: 'v2', intake: { excellent: { countyHomeVisit: true } } as never })).toThrow(/grade/);
    expect(() => createCreditPolicy({ version: 'v2', severities: { general: { banMonths: 12 } } })).toThrow(/repairAfterMonths/);
    expect(() => createCreditPolicy({ version: 'v2', banAppliesTo: ['wubao'] })).toThrow(/banAppliesTo/);
  });

  it('keys the household by the applicant’s ID number, whatever the case of its X', () => {
    expect(HOUSEHOLD).toMatch(/^[0-9a-f-]{36}$/);
    expect(HOUSEHOLD).not.toContain(APPLICANT_ID);
    expect(householdIdOf('33060219550505005x')).toBe(householdIdOf('33060219550505005X'));
    expect(householdIdOf('33060219550505005X')).not.toBe(HOUSEHOLD);
  });
});
