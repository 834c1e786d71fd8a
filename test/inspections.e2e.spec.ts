import { NOTARY } from '@app/integrity/nest';
import type { Notary } from '@app/integrity/notary';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/ledger';
import { RULES_ENGINE } from '@app/warnings/nest';
import type { RulesEngine } from '@app/warnings/engine/rules-engine';
import { householdIdOf } from '@app/credit';
import request from 'supertest';
import { application, caseWorld, household, residentId } from './support/case-world';

const T1 = '330602001';
const COUNTY = '330602';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

describe('a special inspection campaign (专项治理) from its opening to its report', () => {
  const world = caseWorld({ name: 'inspections', tokenLifetimeDays: 120 });
  const { clock, token, post, get } = world;
  const inspector = () => token('jjjc-1', ['discipline-inspector'], COUNTY);
  const approver = () => token('approver-1', ['township-approver'], T1);
  let campaignId: string;
  let sample: { caseId: string; townshipCode: string }[];
  /** Each case's applicant, by case id: the resident ID number its household is keyed by. */
  const applicants = new Map<string, string>();
  let finding1: string;
  let checkpoint: string;

  const signTheLog = async () => {
    const notary = world.app.get<Notary>(NOTARY);
    clock.advance(60_000);
    await notary.catchUp();
    clock.advance(10_000);
    await notary.catchUp();
  };

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(T1);
    for (const n of ['01', '02', '03']) {
      clock.set(at('2021-03-01'));
      const members = household(`33060219800101${n.slice(1)}`).map((m, i) => (i === 0 ? m : { ...m, personal: { ...m.personal, idNumber: residentId(`3306021990${n}0${i}00${i}`) } }));
      const caseId = await world.driveToPublicity(application(T1, members), { reportRef: `HD-2021-00${n}` });
      applicants.set(caseId, members[0]!.personal.idNumber);
      await world.approve(caseId, await approver());
    }
    await signTheLog();
  }, 60_000);
  afterAll(() => world.close());

  it('opens with its scope, refuses a draw before a tree head is signed after it, then draws from that head', async () => {
    clock.set(at('2021-04-01'));
    const opened = await post('/inspections', await inspector(), {
      title: '2021年越城区低保专项治理',
      townships: [T1],
      programmes: ['dibao'],
      period: { from: '2021-04-01', to: '2021-06-30' },
      sampleSize: 2,
    }).expect(201);
    campaignId = opened.body.state.campaignId;
    await post(`/inspections/${campaignId}/draw`, await inspector()).expect(409);

    await signTheLog();
    const drawn = await post(`/inspections/${campaignId}/draw`, await inspector()).expect(201);
    const draw = drawn.body.state.draw;
    expect(draw.population.count).toBe(3);
    expect(draw.sample).toHaveLength(2);
    expect(Date.parse(draw.treeHead.timestamp)).toBeGreaterThan(Date.parse(opened.body.state.openedAt));
    sample = draw.sample;
    await post(`/inspections/${campaignId}/draw`, await inspector()).expect(409);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    const bad = await post(`/inspections/${campaignId}/findings`, await inspector(), { townshipCode: T1, findingClass: 'nope', description: 'x', responsibleOfficials: [], amountFen: 1 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('findingClass');
  });

  it('reports a rectified finding and an overdue one, which raises a warning', async () => {
    const auth = await inspector();
    clock.set(at('2021-04-06'));
    const visit = await post(`/inspections/${campaignId}/visits`, auth, {
      mode: 'covert', visitedOn: '2021-04-06', townshipCode: T1, caseId: sample[0]!.caseId, officials: ['jjjc-1', 'jjjc-2'], notes: '暗访：户主长期在外务工',
    }).expect(201);
    const visitId = visit.body.state.visits[0].visitId;
    const f1 = await post(`/inspections/${campaignId}/findings`, auth, {
      visitId, townshipCode: T1, findingClass: 'favour-based', description: '人情保', responsibleOfficials: ['village-cadre-1'], amountFen: 120_000,
    }).expect(201);
    const f2 = await post(`/inspections/${campaignId}/findings`, auth, {
      townshipCode: T1, findingClass: 'publicity-irregular', description: '未按规定公示', responsibleOfficials: ['clerk-1'], amountFen: 0,
    }).expect(201);
    const [first, finding2] = f2.body.state.findings.map((f: { findingId: string }) => f.findingId);
    finding1 = first;
    expect(f1.body.state.findings).toHaveLength(1);

    const o1 = await post(`/inspections/${campaignId}/findings/${finding1}/rectification-order`, auth, { requirement: '取消低保并追回', dueBy: '2021-04-30' }).expect(201);
    const o2 = await post(`/inspections/${campaignId}/findings/${finding2}/rectification-order`, auth, { requirement: '重新公示', dueBy: '2021-04-30' }).expect(201);
    const r1 = o1.body.state.rectifications[0].rectificationId;
    expect(o2.body.state.rectifications).toHaveLength(2);

    clock.set(at('2021-04-20'));
    await post(`/inspections/${campaignId}/rectifications/${r1}/completion`, await approver(), { description: '已停发并追回', evidence: ['越民〔2021〕20号'] }).expect(201);
    await post(`/inspections/${campaignId}/rectifications/${r1}/verification`, auth, { accepted: true, remarks: '核实到位' }).expect(201);
    const closed = await post(`/inspections/${campaignId}/rectifications/${r1}/close-out`, auth).expect(201);

    clock.set(at('2021-05-06'));
    const report = await get(`/inspections/${campaignId}/report`, auth, { waitFor: closed.body.checkpoint }).expect(200);
    expect(report.body).toMatchObject({
      asOf: '2021-05-06',
      visits: { total: 1, covert: 1, open: 0 },
      findings: { total: 2, byClass: [{ findingClass: 'favour-based', name: '人情保', count: 1, amountFen: 120_000 }, { findingClass: 'publicity-irregular', name: '公示不规范', count: 1, amountFen: 0 }] },
      rectifications: { total: 2, rectified: 1, closedOut: 1, overdue: 1 },
      amounts: { findingsFen: 120_000 },
    });
    const csv = await request(world.app.getHttpServer()).get(`/inspections/${campaignId}/report`).set('Authorization', auth).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain('问题类别');
    expect(csv.text).toContain('人情保');
    expect(csv.text).toContain('已销号');

    const engine = world.app.get<RulesEngine>(RULES_ENGINE);
    await engine.runOnce();
    await engine.tick(clock.now());
    await engine.runOnce();
    const store = world.app.get<EventStore>(EVENT_STORE);
    const raised: RecordedEvent[] = [];
    for (let from = ''; ; ) {
      const page = await store.readAll({ from, maxCount: 1000 });
      raised.push(...page.events.filter((e) => e.type === 'WarningRaised' && (e.data as { ruleId: string }).ruleId === 'rectification-overdue'));
      if (page.isEnd || page.events.length === 0) break;
      from = page.next;
    }
    expect(raised).toHaveLength(1);
    expect(raised[0]!.data).toMatchObject({ key: `${campaignId}:${o2.body.state.rectifications[1].rectificationId}:2021-04-30`, jurisdiction: { township: T1 } });
  });

  it('a confirmed finding enters a 失信 record on its household, citing the finding, and the household’s grade falls', async () => {
    clock.set(at('2021-05-07'));
    const reviewer = await token('reviewer-1', ['county-reviewer'], COUNTY);
    const idNumber = applicants.get(sample[0]!.caseId)!;
    const householdId = householdIdOf(idNumber);
    const body = { idNumber, behaviour: 'concealed-changes', legalBasis: ['《越城区社会救助诚信管理办法》第八条'] };
    const path = `/inspections/${campaignId}/findings/${finding1}/credit-record`;
    const before = await world.eventCount();
    await post(path, await inspector(), body).expect(403);
    await post(path, await token('reviewer-9', ['county-reviewer'], '330603'), body).expect(403);
    expect((await post(path, reviewer, { ...body, behaviour: 'cooperation' }).expect(400)).body.errors[0].field).toBe('behaviour');
    expect(await world.eventCount()).toBe(before);

    const linked = await post(path, reviewer, body).expect(201);
    expect(linked.body.events.map((e: { type: string }) => e.type)).toEqual(['InspectionCreditRecordLinked']);
    const { recordId } = linked.body.creditRecord;
    checkpoint = linked.body.checkpoint;
    expect(linked.body.state.findings[0].creditRecords).toEqual([
      { householdId, recordId, behaviour: 'concealed-changes', severity: 'serious', gradeAfter: 'serious', linkedOn: '2021-05-07' },
    ]);
    expect(linked.headers.etag).toBe(`"${linked.body.revision}"`);

    const credit = await get(`/households/${householdId}/credit`, reviewer).expect(200);
    expect(credit.body.state).toMatchObject({ grade: 'serious', gradeLabel: '较重失信', townshipCode: T1 });
    expect(credit.body.state.history).toEqual([expect.objectContaining({ grade: 'serious', previousGrade: 'good' })]);
    const [record] = credit.body.state.records;
    expect(record).toMatchObject({ recordId, behaviour: 'concealed-changes', occurredOn: '2021-04-06', evidence: [{ kind: 'inspection-finding', ref: finding1 }] });
    expect(record.evidence[0].note).toContain('人情保');
    expect(record.legalBasis).toEqual(expect.arrayContaining(['《越城区社会救助诚信管理办法》第八条']));
    expect(record.legalBasis.length).toBeGreaterThan(1);

    const again = await post(path, reviewer, body).expect(409);
    expect(again.body.code).toBe('credit-record-already-linked');
  });

  it('gives township and official integrity figures to inspectors and auditors within their unit', async () => {
    const query = { county: COUNTY, from: '2021-04-01', to: '2021-05-06', waitFor: checkpoint };
    const answer = await get('/integrity-figures', await inspector(), query).expect(200);
    expect(answer.body.townships).toEqual([
      {
        township: T1, sampledCases: 2, visitedSampledCases: 1, sampledCasesWithFinding: 1, spotCheckErrorRate: 1,
        findings: 2, findingsAmountFen: 120_000, confirmedWarnings: 0, overdueRectifications: 1,
      },
    ]);
    expect(answer.body.officials.map((o: { official: string; findings: number }) => [o.official, o.findings])).toEqual([['clerk-1', 1], ['village-cadre-1', 1]]);
    expect(answer.body.officials[1]).toMatchObject({ amountFen: 120_000, byClass: [{ findingClass: 'favour-based', name: '人情保', count: 1 }] });
    await get('/integrity-figures', await token('auditor-1', ['auditor'], COUNTY), { township: T1, to: '2021-05-06' }).expect(200);
    await get('/integrity-figures', await approver(), query).expect(403);
    await get('/integrity-figures', await token('auditor-9', ['auditor'], '330603'), query).expect(403);
    await get('/integrity-figures', await inspector(), { ...query, township: '330603101' }).expect(400);
  });
});
