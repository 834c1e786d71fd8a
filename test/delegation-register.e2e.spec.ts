import { createApp } from '../apps/api/src/app.module';
import { ALL_PROJECTIONS } from '../apps/api/src/projections';
import { delegationRegisterProjection } from '@app/delegation/read-models/delegation-register.projection';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { Role } from '@app/platform/roles';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

/** 10:00 in Shaoxing on Monday 3 March 2025; the suspension a week later. */
const GRANTED_AT = '2025-03-03T02:00:00.000Z';
const SUSPENDED_AT = '2025-03-10T02:00:00.000Z';
const YUECHENG_STREET = '330602001';
const KEQIAO_TOWN = '330603101';
/** The tests move the clock on by a week; tokens last a fortnight. */
const FORTNIGHT = 14 * 86_400;

const grant = (programmes: object[]) => ({ programmes, validFrom: '2025-03-03', validTo: '2026-01-01', document: '民〔2025〕1号' });

interface Item {
  readonly townshipCode: string;
  readonly status: string;
}

describe('the delegation register across townships over HTTP', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  const clock = new FixedClock(GRANTED_AT);
  const token = (sub: string, roles: Role[], unit: string) => bearer(config, clock, { sub, roles, unit }, FORTNIGHT);
  const http = () => request(app.getHttpServer());
  const register = (auth: string, query: Record<string, string> = {}) =>
    http().get('/delegation-register').query(query).set('Authorization', auth);
  const listed = (body: { items: Item[] }) => body.items.map((item) => `${item.townshipCode}:${item.status}`);

  let yuecheng: string;
  let keqiao: string;
  let city: string;
  let approver: string;
  /** The checkpoint of the last write, for read-your-own-writes. */
  let checkpoint: string;
  let suspendedId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-delegation-register-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    // Only this read model runs, so the suite does not wait on the others; the API lists it too (see the last test).
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false, projections: [delegationRegisterProjection] });
    await app.init();
    yuecheng = await token('yc-rev-1', ['county-reviewer'], '330602');
    keqiao = await token('kq-rev-1', ['county-reviewer'], '330603');
    city = await token('sx-sup-1', ['supervisor'], '3306');
    approver = await token('yc-app-1', ['township-approver'], YUECHENG_STREET);

    const granted = await http()
      .post(`/delegations/${YUECHENG_STREET}`)
      .set('Authorization', yuecheng)
      .send(grant([{ programme: 'dibao' }]))
      .expect(201);
    suspendedId = granted.body.events[0].data.delegationId;
    await http()
      .post(`/delegations/${KEQIAO_TOWN}`)
      .set('Authorization', keqiao)
      .send(grant([{ programme: 'temporary', maxAmountFen: 300_000 }]))
      .expect(201);
    clock.set(SUSPENDED_AT);
    const suspended = await http()
      .post(`/delegations/${YUECHENG_STREET}/${suspendedId}/suspension`)
      .set('Authorization', yuecheng)
      .send({ reason: '专项检查发现问题' })
      .expect(201);
    checkpoint = suspended.body.checkpoint;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows a city official both townships in force before the suspension, once it has taken the last write', async () => {
    const response = await register(city, { date: '2025-03-05', waitFor: checkpoint }).expect(200);
    expect(listed(response.body)).toEqual([`${YUECHENG_STREET}:in-force`, `${KEQIAO_TOWN}:in-force`]);
    expect(response.body).toMatchObject({
      date: '2025-03-05',
      totals: { 'in-force': 2, suspended: 0, revoked: 0, expired: 0, 'not-yet-valid': 0 },
      total: 2,
      page: 1,
      pageSize: 20,
    });
    expect(response.body.items[1]).toMatchObject({
      countyCode: '330603',
      programmes: [{ programme: 'temporary', maxAmountFen: 300_000 }],
      validFrom: '2025-03-03',
      validTo: '2026-01-01',
      grantedBy: { id: 'kq-rev-1', role: 'county-reviewer', unit: '330603' },
      grantedAt: GRANTED_AT,
      suspensions: [],
      revocation: null,
    });
  });

  it('shows the suspended one as suspended from the day of the suspension, today by default', async () => {
    const onTheDay = await register(city, { date: '2025-03-10', waitFor: checkpoint }).expect(200);
    expect(listed(onTheDay.body)).toEqual([`${YUECHENG_STREET}:suspended`, `${KEQIAO_TOWN}:in-force`]);
    expect(onTheDay.body.items[0]).toMatchObject({
      delegationId: suspendedId,
      suspensions: [{ from: '2025-03-10', until: null, suspendedAt: SUSPENDED_AT, reason: '专项检查发现问题' }],
    });
    expect((await register(city, { date: '2025-03-09' }).expect(200)).body.totals).toMatchObject({ 'in-force': 2, suspended: 0 });
    const today = await register(city).expect(200);
    expect(today.body.date).toBe('2025-03-10');
    expect(today.body.totals).toMatchObject({ 'in-force': 1, suspended: 1 });
    expect(listed((await register(city, { status: 'suspended' }).expect(200)).body)).toEqual([`${YUECHENG_STREET}:suspended`]);
    expect(listed((await register(city, { date: '2025-03-02' }).expect(200)).body)).toEqual([]);
    expect(listed((await register(city, { date: '2026-01-01', programme: 'temporary' }).expect(200)).body)).toEqual([
      `${KEQIAO_TOWN}:expired`,
    ]);
  });

  it("keeps a county's official to the county, and refuses another county (403)", async () => {
    expect(listed((await register(yuecheng, { date: '2025-03-05' }).expect(200)).body)).toEqual([`${YUECHENG_STREET}:in-force`]);
    expect(listed((await register(keqiao, { county: '330603' }).expect(200)).body)).toEqual([`${KEQIAO_TOWN}:in-force`]);
    const refused = await register(keqiao, { township: YUECHENG_STREET }).expect(403);
    expect(refused.body).toMatchObject({ code: 'outside-jurisdiction', unit: '330603', township: YUECHENG_STREET });
    await register(yuecheng, { county: '330603' }).expect(403);
  });

  it('shows a township approver only their township, and refuses any other township or the county (403)', async () => {
    const own = await register(approver, { date: '2025-03-10' }).expect(200);
    expect(listed(own.body)).toEqual([`${YUECHENG_STREET}:suspended`]);
    expect(own.body.totals).toMatchObject({ 'in-force': 0, suspended: 1 });
    expect(listed((await register(approver, { township: YUECHENG_STREET, date: '2025-03-05' }).expect(200)).body)).toEqual([
      `${YUECHENG_STREET}:in-force`,
    ]);
    await register(approver, { township: KEQIAO_TOWN }).expect(403);
    await register(approver, { township: '330602002' }).expect(403);
    await register(approver, { county: '330602' }).expect(403);
  });

  it('refuses a date that is not a calendar date (400 naming date), and other bad filters naming theirs', async () => {
    const response = await register(city, { date: '2025-02-30' }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field: 'date', message: 'date must be a calendar date YYYY-MM-DD, e.g. 2025-03-10' }]);
    const fields = async (query: Record<string, string>) =>
      (await register(city, query).expect(400)).body.errors.map((e: { field: string }) => e.field).sort();
    expect(await fields({ date: '20250310' })).toEqual(['date']);
    expect(await fields({ township: '330602', county: '3306', status: 'active', programme: 'pension', pageSize: '101' })).toEqual([
      'county',
      'pageSize',
      'programme',
      'status',
      'township',
    ]);
    expect(await fields({ township: KEQIAO_TOWN, county: '330602' })).toEqual(['township']);
  });

  it('is described in the OpenAPI document with its filters', async () => {
    const document = await http().get('/docs/openapi.json').expect(200);
    const operation = document.body.paths['/delegation-register'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['county', 'date', 'page', 'pageSize', 'programme', 'status', 'township', 'waitFor'].sort(),
    );
  });

  it('is one of the read models the API and the worker run', () => {
    expect(ALL_PROJECTIONS).toContain(delegationRegisterProjection);
  });

  it('is refused without a token (401)', async () => {
    await http().get('/delegation-register').expect(401);
  });
});
