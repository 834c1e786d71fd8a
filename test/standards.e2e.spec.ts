import { AppModule, createApp } from '../apps/api/src/app.module';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

describe('assistance standards over HTTP', () => {
  let root: string;
  let config: AppConfig;
  let clock: FixedClock;
  let app: INestApplication;
  /** The city bureau's admin: sets Shaoxing's standards. */
  let cityAdmin: string;
  let countyReviewer: string;
  let townshipApprover: string;
  let auditor: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-standards-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    clock = new FixedClock('2021-03-01T02:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    cityAdmin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
    countyReviewer = await bearer(config, clock, { sub: 'yc-rev-1', roles: ['county-reviewer'], unit: '330602' });
    townshipApprover = await bearer(config, clock, { sub: 'yc-app-1', roles: ['township-approver'], unit: '330602001' });
    auditor = await bearer(config, clock, { sub: 'sx-aud-1', roles: ['auditor'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  describe("Shaoxing's 2020 standards recorded by the city admin, one POST each", () => {
    beforeAll(async () => {
      for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) {
        await http()
          .post(seed.path)
          .set('Authorization', cityAdmin)
          .set('Idempotency-Key', seed.idempotencyKey)
          .send(seed.body)
          .expect(201);
      }
    });

    it('are read back in full, with the revision as ETag', async () => {
      const response = await http().get('/standards/3306').set('Authorization', townshipApprover).expect(200);
      expect(response.headers.etag).toBe('"4"');
      expect(response.body).toMatchObject({ streamId: 'standard-3306', revision: 4, state: { region: '3306' } });
      const entries = response.body.state.entries.map((e: { programme: string; monthlyFen: number; effectiveFrom: string }) => [
        e.programme,
        e.monthlyFen,
        e.effectiveFrom,
      ]);
      expect(entries).toEqual([
        ['dibao', 85_000, '2020-01-01'],
        ['dibao', 89_000, '2021-01-01'],
        ['tekun-basic', 160_200, '2020-01-01'],
        ['orphan-institutional', 204_000, '2020-01-01'],
        ['orphan-dispersed', 163_500, '2020-01-01'],
      ]);
    });

    it('can be read for one programme', async () => {
      const response = await http().get('/standards/3306?programme=dibao').set('Authorization', auditor).expect(200);
      expect(response.body.state.entries.map((e: { monthlyFen: number }) => e.monthlyFen)).toEqual([85_000, 89_000]);
    });

    it('give 850 元 for 低保 in 2020-12 and 890 元 in 2021-01, with the standard each came from', async () => {
      const december = await http()
        .get('/standards/3306/in-force?programme=dibao&month=2020-12')
        .set('Authorization', townshipApprover)
        .expect(200);
      expect(december.body).toEqual({
        month: '2020-12',
        region: '3306',
        programme: 'dibao',
        monthlyFen: 85_000,
        effectiveFrom: '2020-01-01',
        document: '绍兴市民政局 2020 年工作报告',
        standardRef: { streamId: 'standard-3306', id: '3306/dibao/2020-01-01' },
      });
      const january = await http()
        .get('/standards/3306/in-force?programme=dibao&month=2021-01')
        .set('Authorization', townshipApprover)
        .expect(200);
      expect(january.body).toMatchObject({ monthlyFen: 89_000, standardRef: { id: '3306/dibao/2021-01-01' } });
    });

    it("answer for a township from its city's standard when its county has none of its own", async () => {
      const response = await http()
        .get('/standards/330602001/in-force?programme=tekun-basic&month=2021-01')
        .set('Authorization', townshipApprover)
        .expect(200);
      expect(response.body).toMatchObject({ region: '3306', monthlyFen: 160_200, standardRef: { streamId: 'standard-3306' } });
    });

    it('have none in force before the first one: a 404 problem', async () => {
      const response = await http()
        .get('/standards/3306/in-force?programme=dibao&month=2019-12')
        .set('Authorization', townshipApprover)
        .expect(404);
      expect(response.body).toMatchObject({ status: 404, code: 'standard-not-in-force', regions: ['3306'], month: '2019-12' });
    });

    it('sent again with the same idempotency key are answered as before and record nothing new', async () => {
      const [first] = setStandardRequests(SHAOXING_2020_STANDARDS);
      const retry = await http()
        .post(first.path)
        .set('Authorization', cityAdmin)
        .set('Idempotency-Key', first.idempotencyKey)
        .send(first.body)
        .expect(201);
      expect(retry.body).toMatchObject({ replayed: true, revision: 0 });
      const stream = await http().get('/streams/standard-3306').set('Authorization', auditor).expect(200);
      expect(stream.body.events).toHaveLength(5);
    });
  });

  describe('a standard that breaks a rule', () => {
    it('a 特困 standard below 1.3 × 低保 is a 400 naming monthlyFen, and records nothing', async () => {
      const response = await http()
        .post('/standards/3306')
        .set('Authorization', cityAdmin)
        .send({ programme: 'tekun-basic', monthlyFen: 110_000, effectiveFrom: '2021-01-01' })
        .expect(400);
      expect(response.body).toMatchObject({
        status: 400,
        code: 'invalid-field',
        field: 'monthlyFen',
        minimumFen: 115_700,
        errors: [{ field: 'monthlyFen', message: expect.stringContaining('below 1.3 × the 低保 standard') }],
      });
      const after = await http().get('/standards/3306').set('Authorization', auditor).expect(200);
      expect(after.body.revision).toBe(4);
    });

    it('a body of the wrong shape is a 400 naming each field before any decision', async () => {
      const response = await http()
        .post('/standards/3306')
        .set('Authorization', cityAdmin)
        .send({ programme: 'pension', monthlyFen: '850', effectiveFrom: '2021-01-01', setBy: 'someone' })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['monthlyFen', 'programme', 'setBy']);
    });

    it('a region that is no city or county code is a 400 naming region', async () => {
      const response = await http()
        .post('/standards/330602001')
        .set('Authorization', cityAdmin)
        .send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom: '2021-01-01' })
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'region', message: 'region must be a 4-digit city or 6-digit county code' }]);
    });
  });

  describe('who may set a standard', () => {
    it('a county reviewer may not: 403', async () => {
      const response = await http()
        .post('/standards/330602')
        .set('Authorization', countyReviewer)
        .send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom: '2021-01-01' })
        .expect(403);
      expect(response.body).toMatchObject({ status: 403, code: 'role-not-allowed', allowedRoles: ['admin'] });
      await http().get('/standards/330602').set('Authorization', auditor).expect(404);
    });

    it('an admin of a county may not set the city standard: 403', async () => {
      const countyAdmin = await bearer(config, clock, { sub: 'yc-admin-1', roles: ['admin'], unit: '330602' });
      const response = await http()
        .post('/standards/3306')
        .set('Authorization', countyAdmin)
        .send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom: '2021-04-01' })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'outside-jurisdiction' });
    });

    it('nobody without a token: 401, for reads too', async () => {
      await http().post('/standards/3306').send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom: '2021-04-01' }).expect(401);
      await http().get('/standards/3306').expect(401);
      await http().get('/standards/3306/in-force?programme=dibao&month=2021-01').expect(401);
    });
  });

  it('are in the OpenAPI document with the other routes of the standards, officials and delegation contexts', async () => {
    const { body } = await http().get('/docs/openapi.json').expect(200);
    const operations = [
      ['/standards/{region}', 'post', 'Standards'],
      ['/standards/{region}/in-force', 'get', 'Standards'],
      ['/officials', 'post', 'Officials'],
      ['/officials/{id}/near-relatives', 'post', 'Officials'],
      ['/delegations/{townshipCode}', 'post', 'Delegation'],
      ['/delegations/{townshipCode}/in-force', 'get', 'Delegation'],
    ];
    for (const [path, method, tag] of operations) {
      expect(body.paths[path]?.[method]).toMatchObject({ tags: [tag], security: [{ bearer: [] }] });
    }
    expect(body.components.schemas.SetStandardBody.required).toEqual(['programme', 'monthlyFen', 'effectiveFrom']);
  });

  describe('a question about the standard in force', () => {
    it('without a valid programme and month is a 400 naming both', async () => {
      const response = await http()
        .get('/standards/3306/in-force?programme=pension&month=2021-13')
        .set('Authorization', townshipApprover)
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['month', 'programme']);
    });
  });
});

describe('standards under the policy file of a deployment', () => {
  let root: string;
  let app: INestApplication;
  let admin: string;
  let files = 0;

  const configWith = (policy: object): AppConfig => {
    const file = join(root, `policy-${++files}.json`);
    writeFileSync(file, JSON.stringify(policy));
    return loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_POLICY_FILE: file });
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-standards-policy-e2e-'));
    const config = configWith({ standards: { tekunMinRatioToDibao: 1.5 } });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    app = await createApp(config, { clock, logger: false });
    await app.init();
    admin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a 特困 standard that the default ratio of 1.3 would accept but 1.5 does not', async () => {
    const set = (body: object) => request(app.getHttpServer()).post('/standards/3306').set('Authorization', admin).send(body);
    await set({ programme: 'dibao', monthlyFen: 85_000, effectiveFrom: '2021-01-01' }).expect(201);
    const response = await set({ programme: 'tekun-basic', monthlyFen: 120_000, effectiveFrom: '2021-01-01' }).expect(400);
    expect(response.body).toMatchObject({ field: 'monthlyFen', ratio: 1.5, minimumFen: 127_500 });
  });

  it.each([
    ['a ratio below 1', { standards: { tekunMinRatioToDibao: 0.9 } }, 'LEDGER_POLICY_FILE (standards)', /tekunMinRatioToDibao must be ≥ 1/],
    ['a misspelt setting', { officials: { adminRole: ['admin'] } }, 'LEDGER_POLICY_FILE (officials)', /unknown adminRole/],
    ['a ratio under the national floor', { delegation: { countySpotCheckRatio: { tekun: 0.1 } } }, 'LEDGER_POLICY_FILE (delegation)', /below the national minimum/],
  ])('does not start with %s, and says which section', async (_situation, policy, setting, message) => {
    // NestFactory aborts the process on a failed start; the testing module reports it instead.
    const compiled = Test.createTestingModule({ imports: [AppModule.forRoot(configWith(policy))] }).compile();
    await expect(compiled).rejects.toMatchObject({ name: 'ConfigError', problems: [{ setting, message: expect.stringMatching(message) }] });
  });
});
