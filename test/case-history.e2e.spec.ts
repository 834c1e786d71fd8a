import { createApp } from '../apps/api/src/app.module';
import { residentIdCheckCharacter } from '@app/households';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { Role } from '@app/platform/roles';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

const id = (first17: string) => first17 + residentIdCheckCharacter(first17);
const TOWNSHIP = '330602001';
const OTHER_TOWNSHIP = '330602002';
const PURPOSE = '2021年低保专项治理抽查';

function application() {
  return {
    programme: 'dibao',
    townshipCode: TOWNSHIP,
    household: {
      members: [
        { relation: 'applicant', personal: { name: '王建国', idNumber: id('33060219800101001') } },
        { relation: 'spouse', personal: { name: '李秀英', idNumber: id('33060219820202002') } },
        { relation: 'child', personal: { name: '王小明', idNumber: id('33060220100303003') } },
      ],
      monthlyIncomeFen: { wages: 90_000, 'preferential-pension': 30_000 },
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
  };
}

describe('the history of a case approved under delegation, read as of a point in time', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let caseId: string;
  let approvedRevision: number;
  let approvedAt: string;
  const clock = new FixedClock('2021-03-01T01:00:00.000Z');
  const tokens = new Map<string, string>();

  const token = async (sub: string, roles: Role[], unit: string) => {
    const key = `${sub}|${roles.join(',')}|${unit}`;
    if (!tokens.has(key)) tokens.set(key, await bearer(config, clock, { sub, roles, unit }, 30 * 24 * 3600));
    return tokens.get(key) as string;
  };
  const clerk = () => token('clerk-1', ['intake-clerk'], TOWNSHIP);
  const approver = (unit = TOWNSHIP) => token(`approver-${unit}`, ['township-approver'], unit);
  const inspector = () => token('inspector-1', ['discipline-inspector'], '3306');
  const post = (path: string, auth: string, body: object = {}) =>
    request(app.getHttpServer()).post(path).set('Authorization', auth).send(body);
  const get = (path: string, auth: string, query: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(path).query(query).set('Authorization', auth);
  const readers = async () =>
    (await get(`/cases/${caseId}/readers`, await inspector(), { from: '2021-03-01', to: '2021-03-31' }).expect(200)).body;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-case-history-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();

    const admin = await token('admin-1', ['admin'], '3306');
    for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) await post(seed.path, admin, seed.body).expect(201);
    await post(`/delegations/${TOWNSHIP}`, await token('reviewer-1', ['county-reviewer'], '330602'), {
      programmes: [{ programme: 'dibao' }],
      validFrom: '2021-03-01',
      validTo: '2022-01-01',
      document: '越民〔2021〕8号',
    }).expect(201);

    const auth = await clerk();
    caseId = (await post('/cases', auth, application()).expect(201)).body.state.caseId;
    await post(`/cases/${caseId}/acceptance`, auth).expect(201);
    await post(`/cases/${caseId}/means-checks`, auth, {
      reportRef: 'HD-2021-0001',
      requestedOn: '2021-03-01',
      reportedOn: '2021-03-01',
      sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船'],
      findings: {
        monthlyIncomeFen: { wages: 90_000 },
        financialAssetsFen: 500_000,
        vehicles: 0,
        realEstateUnits: 1,
        businessRegistrations: 0,
        publicPayrollJob: false,
        incomeOverLimit: false,
      },
    }).expect(201);
    await post(`/cases/${caseId}/home-visits`, auth, {
      visitedOn: '2021-03-01',
      investigatorIds: ['clerk-a', 'clerk-b'],
      byCounty: false,
      mode: 'in-person',
      findings: '三口之家，住房简陋，收入与申报一致',
    }).expect(201);
    await post(`/cases/${caseId}/preliminary-opinion`, auth, { opinion: 'eligible' }).expect(201);
    await post(`/cases/${caseId}/publicity`, auth, { place: '村务公开栏' }).expect(201);

    // Recorded times come from the store's own clock: keep the decision visibly later than what preceded it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.set('2021-03-09T01:00:00.000Z');
    const approved = await post(`/cases/${caseId}/approval`, await approver()).expect(201);
    const decision = approved.body.events.find((event: { type: string }) => event.type === 'CaseApproved');
    approvedRevision = decision.revision;
    approvedAt = decision.recordedAt;
    clock.set('2021-03-10T02:00:00.000Z');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('before and after the decision differ by exactly the CaseApproved event and the status it brought', async () => {
    const auth = await inspector();
    const before = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision - 1), purpose: PURPOSE }).expect(200);
    const after = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision), purpose: PURPOSE }).expect(200);

    expect(before.body.revision).toBe(approvedRevision - 1);
    expect(after.body.events).toHaveLength(before.body.events.length + 1);
    expect(after.body.events.slice(0, -1)).toEqual(before.body.events);
    expect(before.body.events.map((e: { type: string }) => e.type)).not.toContain('CaseApproved');
    expect(before.body.state.status).toBe('in-publicity');
    expect(after.body.state.status).toBe('approved');

    const decision = after.body.events.at(-1);
    expect(decision).toMatchObject({
      revision: approvedRevision,
      type: 'CaseApproved',
      actor: { id: `approver-${TOWNSHIP}`, role: 'township-approver', unit: TOWNSHIP },
      occurredAt: '2021-03-09T01:00:00.000Z',
      delegationId: expect.any(String),
      standardRef: { id: '3306/dibao/2021-01-01' },
      prevHash: before.body.events.at(-1).hash,
    });
    expect(decision.delegationId).toBe(decision.data.delegationId);
    expect(after.body.events[0]).toMatchObject({ revision: 0, prevHash: '0'.repeat(64), delegationId: null, standardRef: null });
    expect(JSON.stringify(after.body.events)).not.toContain('王建国');
  });

  it('as of an instant before the approval it is the same as as of the revision before it', async () => {
    const auth = await inspector();
    const instant = new Date(Date.parse(approvedAt) - 1).toISOString();
    const byRevision = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision - 1), purpose: PURPOSE }).expect(200);
    const byInstant = await get(`/cases/${caseId}/history`, auth, { asOf: instant, purpose: PURPOSE }).expect(200);
    expect(byInstant.body.events).toEqual(byRevision.body.events);
    expect(byInstant.body.revision).toBe(approvedRevision - 1);
    expect(byInstant.body.state.status).toBe('in-publicity');
  });

  it('leaves an access record of every read, listed with its purpose among the readers', async () => {
    const auth = await inspector();
    const read = await get(`/cases/${caseId}/history`, auth, { asOf: '3', purpose: '核查入户调查记录' }).expect(200);
    expect(read.body.accessRecord.streamId).toBe('access-20210310');

    const { reads } = await readers();
    expect(reads).toContainEqual({
      readerId: 'inspector-1',
      role: 'discipline-inspector',
      unit: '3306',
      purpose: '核查入户调查记录',
      asOf: '3',
      readAt: '2021-03-10T02:00:00.000Z',
      accessRecord: read.body.accessRecord,
    });
  });

  it("lets the township's own staff read without a purpose, and records that read too", async () => {
    const read = await get(`/cases/${caseId}/history`, await clerk()).expect(200);
    expect(read.body.state.status).toBe('approved');
    expect((await readers()).reads).toContainEqual(expect.objectContaining({ readerId: 'clerk-1', purpose: null, asOf: null }));
  });

  it('refuses an approver of another township with 403 and records nothing', async () => {
    const before = (await readers()).reads.length;
    const refused = await get(`/cases/${caseId}/history`, await approver(OTHER_TOWNSHIP)).expect(403);
    expect(refused.body.code).toBe('outside-jurisdiction');
    expect((await readers()).reads).toHaveLength(before);
  });

  it('refuses an inspector without a purpose with 400 naming purpose, and records nothing', async () => {
    const before = (await readers()).reads.length;
    const refused = await get(`/cases/${caseId}/history`, await inspector()).expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    expect((await readers()).reads).toHaveLength(before);
  });

  it('refuses a malformed asOf, a range of readers over 92 days, and the access log to township staff', async () => {
    const auth = await inspector();
    const bad = await get(`/cases/${caseId}/history`, auth, { asOf: 'yesterday', purpose: PURPOSE }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    const wide = await get(`/cases/${caseId}/readers`, auth, { from: '2021-01-01', to: '2021-06-30' }).expect(400);
    expect(wide.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    await get(`/cases/${caseId}/readers`, await clerk(), { from: '2021-03-01', to: '2021-03-31' }).expect(403);
  });
});
