import { householdIdOf } from '@app/credit';
import { application, caseWorld, household } from './support/case-world';

/**
 * 救助诚信 over HTTP with real tokens: a 失信 record with its evidence lowers the household's grade,
 * an application by that household is refused during the ban with the reason, and an upheld
 * appeal restores the grade so the next application is taken in.
 */
describe('a household’s credit, from a record to intake and back through an appeal', () => {
  const world = caseWorld({ name: 'credit', tokenLifetimeDays: 30 });
  const TOWNSHIP = '330602001';
  const members = household();
  const applicantId = members[0].personal.idNumber;
  const householdId = householdIdOf(applicantId);
  const base = `/households/${householdId}`;

  const reviewer = () => world.token('reviewer-330602', ['county-reviewer'], '330602');
  const secondReviewer = () => world.token('reviewer-330602-b', ['county-reviewer'], '330602');
  const keqiao = () => world.token('reviewer-330603', ['county-reviewer'], '330603');
  const clerk = () => world.token(`clerk-${TOWNSHIP}`, ['intake-clerk'], TOWNSHIP);

  const forged = {
    townshipCode: TOWNSHIP,
    behaviour: 'forged-documents',
    occurredOn: '2021-02-10',
    summary: '提交伪造的失业证明申请低保',
    evidence: [{ kind: 'warning', ref: 'w-2021-0007', note: '预警已核实确认' }],
    personal: { idNumber: applicantId },
  };

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
  }, 60_000);
  afterAll(() => world.close());

  let recordId: string;
  let revision: number;

  it('a record of the wrong shape is a 400 naming each field, and leaves the ledger untouched', async () => {
    const before = await world.eventCount();
    const response = await world
      .post(`${base}/credit-records`, await reviewer(), { ...forged, behaviour: 'gossip', evidence: [{ kind: 'rumour', ref: 'x' }] })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['behaviour', 'evidence[0].kind']);
    const mismatch = await world.post(`${base}/credit-records`, await reviewer(), { ...forged, personal: { idNumber: members[1].personal.idNumber } }).expect(400);
    expect(mismatch.body.errors[0].field).toBe('personal.idNumber');
    expect(await world.eventCount()).toBe(before);
  });

  it('a township clerk may not record 失信; a county reviewer of another county may not either', async () => {
    await world.post(`${base}/credit-records`, await clerk(), forged).expect(403);
    await world.post(`${base}/credit-records`, await keqiao(), forged).expect(403);
  });

  it('a 失信 record with its evidence lowers the grade to 严重失信 with a ban, under the policy version used', async () => {
    const response = await world.post(`${base}/credit-records`, await reviewer(), forged).expect(201);
    expect(response.body.events.map((e: { type: string }) => e.type)).toEqual(['CreditRecordEntered', 'CreditEvaluated']);
    expect(response.body.state).toMatchObject({ grade: 'grave', gradeLabel: '严重失信', banUntil: '2022-02-28' });
    recordId = response.body.state.records[0].recordId;
    expect(response.body.state.records[0]).toMatchObject({ evidence: forged.evidence, effect: { severity: 'grave' } });

    const read = await world.get(`${base}/credit`, await clerk()).expect(200);
    revision = read.body.revision;
    expect(read.headers.etag).toBe(`"${revision}"`);
    expect(read.body.state.history).toEqual([
      expect.objectContaining({ grade: 'grave', previousGrade: 'good', policyVersion: 'credit-default-2021.1' }),
    ]);
    await world.get(`${base}/credit`, await keqiao()).expect(403);
  });

  it('an application by that household is refused during the ban, citing the record and its legal basis', async () => {
    const before = await world.eventCount();
    const refused = await world.post('/cases', await clerk(), application(TOWNSHIP, members)).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'credit-ban-in-force',
      householdId,
      until: '2022-02-28',
      recordId,
      behaviour: 'forged-documents',
    });
    expect(refused.body.detail).toContain('第六十八条');
    expect(await world.eventCount()).toBe(before);
  });

  it('an upheld appeal annuls the record and restores the grade; the record stays in the history', async () => {
    await world
      .post(`${base}/credit-records/${recordId}/appeal`, await clerk(), { grounds: '失业证明系人社部门出具，并非伪造' })
      .set('If-Match', `"${revision}"`)
      .expect(201);
    // The official who entered the record may not decide the appeal against it.
    await world.post(`${base}/credit-records/${recordId}/appeal-decision`, await reviewer(), { outcome: 'upheld', reasons: '复核' }).expect(403);
    const decided = await world
      .post(`${base}/credit-records/${recordId}/appeal-decision`, await secondReviewer(), { outcome: 'upheld', reasons: '经向人社部门核实，证明真实' })
      .expect(201);
    expect(decided.body.state).toMatchObject({ grade: 'good', banUntil: null, records: [expect.objectContaining({ status: 'annulled' })] });
    expect(decided.body.state.history.map((h: { grade: string }) => h.grade)).toEqual(['grave', 'good']);

    const list = await world.get('/credit', await reviewer(), { grade: 'good', waitFor: decided.body.checkpoint }).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ householdId, grade: 'good', activeBanUntil: null })]);
    await world.get('/credit', await reviewer(), { township: '330603001' }).expect(403);
    const bad = await world.get('/credit', await reviewer(), { grade: 'excellent' }).expect(400);
    expect(bad.body.errors[0].field).toBe('grade');
  });

  it('the household’s next application is taken in', async () => {
    const submitted = await world.post('/cases', await clerk(), application(TOWNSHIP, members)).expect(201);
    expect(submitted.body.events[0].type).toBe('ApplicationSubmitted');
  });
});
