import { createApp } from '../apps/api/src/app.module';
import { residentIdCheckCharacter } from '@app/households';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

/** A resident ID number with its check character. */
function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

const BROTHER_ID = residentId('33060219750312003');
const SPOUSE_ID = residentId('33060219800101002');

describe('officials and their declared near relatives over HTTP', () => {
  let root: string;
  let config: AppConfig;
  let clock: FixedClock;
  let app: INestApplication;
  let countyAdmin: string;
  /** 王小明, a township approver of 330602001, once registered as sx-0001. */
  let official: string;
  let colleague: string;
  let auditor: string;
  let inspectorElsewhere: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-officials-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    clock = new FixedClock('2025-03-03T02:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    countyAdmin = await bearer(config, clock, { sub: 'yc-admin-1', roles: ['admin'], unit: '330602' });
    official = await bearer(config, clock, { sub: 'sx-0001', roles: ['township-approver'], unit: '330602001' });
    colleague = await bearer(config, clock, { sub: 'sx-0002', roles: ['township-approver'], unit: '330602001' });
    auditor = await bearer(config, clock, { sub: 'sx-aud-1', roles: ['auditor'], unit: '3306' });
    inspectorElsewhere = await bearer(config, clock, { sub: 'zj-ins-1', roles: ['discipline-inspector'], unit: '330681' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  describe('an official registered by the county admin under their staff number', () => {
    beforeAll(async () => {
      await http()
        .post('/officials')
        .set('Authorization', countyAdmin)
        .send({ officialId: 'sx-0001', roles: ['township-approver'], unit: '330602001', personal: { name: '王小明' } })
        .expect(201);
    });

    it('is read back with the revision as ETag', async () => {
      const response = await http().get('/officials/sx-0001').set('Authorization', colleague).expect(200);
      expect(response.headers.etag).toBe('"0"');
      expect(response.body).toEqual({
        streamId: 'official-sx-0001',
        revision: 0,
        state: {
          status: 'active',
          officialId: 'sx-0001',
          roles: ['township-approver'],
          unit: '330602001',
          name: '王小明',
          relativesMasked: true,
          relatives: [],
        },
      });
    });

    it('cannot be registered twice: 409', async () => {
      const response = await http()
        .post('/officials')
        .set('Authorization', countyAdmin)
        .send({ officialId: 'sx-0001', roles: ['admin'], unit: '330602', personal: { name: '别人' } })
        .expect(409);
      expect(response.body).toMatchObject({ code: 'official-already-registered' });
    });

    describe('declaring a near relative themself', () => {
      it('with an ID number that fails its check is a 400 naming personal.idNumber, and records nothing', async () => {
        const wrongCheck = BROTHER_ID.slice(0, 17) + (BROTHER_ID[17] === '0' ? '1' : '0');
        const response = await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', official)
          .send({ personal: { idNumber: wrongCheck, name: '王大明' }, relation: 'sibling' })
          .expect(400);
        expect(response.body).toMatchObject({
          status: 400,
          field: 'personal.idNumber',
          reason: 'check-digit',
          errors: [{ field: 'personal.idNumber', message: expect.stringMatching(/^personal\.idNumber is not a valid resident ID number/) }],
        });
        const after = await http().get('/officials/sx-0001').set('Authorization', official).expect(200);
        expect(after.body.revision).toBe(0);
      });

      it('with no ID number at all is a 400 naming the same field path', async () => {
        const response = await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', official)
          .send({ personal: { name: '王大明' }, relation: 'cousin' })
          .expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['personal.idNumber', 'relation']);
      });

      it('is recorded, and the official sees it in the clear', async () => {
        const response = await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', official)
          .set('If-Match', '"0"')
          .send({ personal: { idNumber: BROTHER_ID, name: '王大明' }, relation: 'sibling' })
          .expect(201);
        expect(response.headers.etag).toBe('"1"');
        expect(response.body.events).toMatchObject([
          {
            type: 'NearRelativeDeclared',
            data: { officialId: 'sx-0001', personal: { idNumber: BROTHER_ID, name: '王大明' }, relation: 'sibling' },
            metadata: { actor: { id: 'sx-0001', role: 'township-approver', unit: '330602001' } },
          },
        ]);
        expect(response.body.state).toMatchObject({
          relativesMasked: false,
          relatives: [{ idNumber: BROTHER_ID, name: '王大明', relation: 'sibling', status: 'declared' }],
        });
      });

      it('by a colleague on their behalf is refused: 403', async () => {
        const response = await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', colleague)
          .send({ personal: { idNumber: SPOUSE_ID, name: '李芳' }, relation: 'spouse' })
          .expect(403);
        expect(response.body).toMatchObject({ code: 'not-own-declaration' });
      });

      it('is masked for a township approver who reads the official', async () => {
        const response = await http().get('/officials/sx-0001').set('Authorization', colleague).expect(200);
        expect(response.body.state.relativesMasked).toBe(true);
        expect(response.body.state.relatives).toEqual([
          { idNumber: `**************${BROTHER_ID.slice(-4)}`, name: '王**', relation: 'sibling', status: 'declared' },
        ]);
        expect(JSON.stringify(response.body)).not.toContain(BROTHER_ID.slice(0, 14));
      });

      it('is in the clear for the city auditor, and for the official themself', async () => {
        for (const reader of [auditor, official]) {
          const response = await http().get('/officials/sx-0001').set('Authorization', reader).expect(200);
          expect(response.body.state).toMatchObject({ relativesMasked: false, relatives: [{ idNumber: BROTHER_ID, name: '王大明' }] });
        }
      });

      it("is masked for a discipline inspector whose unit does not cover the official's", async () => {
        const response = await http().get('/officials/sx-0001').set('Authorization', inspectorElsewhere).expect(200);
        expect(response.body.state.relativesMasked).toBe(true);
      });
    });

    describe('an admin acting on the record', () => {
      it('declares a relative on their behalf, then withdraws it with a reason', async () => {
        await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', countyAdmin)
          .send({ personal: { idNumber: SPOUSE_ID, name: '李芳' }, relation: 'spouse' })
          .expect(201);
        const withdrawn = await http()
          .post('/officials/sx-0001/near-relatives/withdrawals')
          .set('Authorization', countyAdmin)
          .send({ personal: { idNumber: SPOUSE_ID }, reason: '登记有误' })
          .expect(201);
        expect(withdrawn.body.events).toMatchObject([
          { type: 'NearRelativeWithdrawn', data: { personal: { idNumber: SPOUSE_ID }, reason: '登记有误' } },
        ]);
        expect(withdrawn.body.state.relatives).toMatchObject([
          { idNumber: BROTHER_ID, status: 'declared' },
          { idNumber: SPOUSE_ID, status: 'withdrawn' },
        ]);
      });

      it('a withdrawal by the official themself is refused: 403', async () => {
        await http()
          .post('/officials/sx-0001/near-relatives/withdrawals')
          .set('Authorization', official)
          .send({ personal: { idNumber: BROTHER_ID }, reason: '不想报' })
          .expect(403);
      });

      it('deactivates the official, after which nothing more is declared: 409', async () => {
        const response = await http()
          .post('/officials/sx-0001/deactivation')
          .set('Authorization', countyAdmin)
          .send({ reason: '调离' })
          .expect(201);
        expect(response.body.state).toMatchObject({ status: 'deactivated', deactivationReason: '调离' });
        const late = await http()
          .post('/officials/sx-0001/near-relatives')
          .set('Authorization', official)
          .send({ personal: { idNumber: SPOUSE_ID, name: '李芳' }, relation: 'spouse' })
          .expect(409);
        expect(late.body).toMatchObject({ code: 'official-deactivated' });
      });
    });
  });

  describe('registering without a staff number', () => {
    it('gets an id minted by the server; a retry with the same Idempotency-Key finds the same official', async () => {
      const send = () =>
        http()
          .post('/officials')
          .set('Authorization', countyAdmin)
          .set('Idempotency-Key', 'register li-si 2025-03-03')
          .send({ roles: ['intake-clerk'], unit: '330602001', personal: { name: '李四' } });
      const first = await send().expect(201);
      const retry = await send().expect(201);
      expect(first.body.state.officialId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.body.streamId).toBe(`official-${first.body.state.officialId}`);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      const stream = await http().get(`/streams/${first.body.streamId}`).set('Authorization', auditor).expect(200);
      expect(stream.body.events).toHaveLength(1);
    });

    it('without a key, each request is a new official', async () => {
      const body = { roles: ['intake-clerk'], unit: '330602001', personal: { name: '赵五' } };
      const one = await http().post('/officials').set('Authorization', countyAdmin).send(body).expect(201);
      const two = await http().post('/officials').set('Authorization', countyAdmin).send(body).expect(201);
      expect(one.body.state.officialId).not.toBe(two.body.state.officialId);
    });
  });

  describe('who may register an official', () => {
    it('not a township approver: 403', async () => {
      const response = await http()
        .post('/officials')
        .set('Authorization', colleague)
        .send({ officialId: 'sx-0009', roles: ['admin'], unit: '3306', personal: { name: '自封' } })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'role-not-allowed', allowedRoles: ['admin'] });
    });

    it('not an admin outside the unit: 403', async () => {
      const response = await http()
        .post('/officials')
        .set('Authorization', countyAdmin)
        .send({ officialId: 'zj-0001', roles: ['township-approver'], unit: '330681001', personal: { name: '钱六' } })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'outside-jurisdiction' });
    });

    it('nobody without a token: 401', async () => {
      await http().post('/officials').send({ roles: ['admin'], unit: '3306', personal: { name: 'x' } }).expect(401);
      await http().get('/officials/sx-0001').expect(401);
    });

    it('a body that names unknown fields or lacks personal is a 400 naming each', async () => {
      const response = await http()
        .post('/officials')
        .set('Authorization', countyAdmin)
        .send({ roles: 'admin', unit: '330602001', actor: 'me' })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['actor', 'personal', 'personal', 'roles']);
    });
  });

  it('an official nobody registered is a 404 problem', async () => {
    const response = await http().get('/officials/nobody').set('Authorization', auditor).expect(404);
    expect(response.body).toMatchObject({ code: 'stream-not-found', streamId: 'official-nobody' });
  });
});
