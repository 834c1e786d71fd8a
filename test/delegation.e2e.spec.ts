import { createApp } from '../apps/api/src/app.module';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

const GRANTED_AT = '2025-03-03T02:00:00.000Z';
const SUSPENDED_AT = '2025-03-03T03:00:00.000Z';
/** The tests move the clock on by days; tokens last a week. */
const WEEK = 7 * 86_400;

const grant = {
  programmes: [{ programme: 'dibao' }, { programme: 'temporary', maxAmountFen: 300_000 }],
  validFrom: '2025-03-03',
  validTo: '2026-01-01',
  document: '越民〔2025〕12号',
};

describe('delegation of the approval power to a township over HTTP', () => {
  let root: string;
  let config: AppConfig;
  let clock: FixedClock;
  let app: INestApplication;
  /** 越城区's county reviewer: may delegate to its townships, 330602001 among them. */
  let yuecheng: string;
  /** 柯桥区's county reviewer: may not. */
  let keqiao: string;
  let approver: string;
  let auditor: string;
  let delegationId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-delegation-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    clock = new FixedClock(GRANTED_AT);
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    yuecheng = await bearer(config, clock, { sub: 'yc-rev-1', roles: ['county-reviewer'], unit: '330602' }, WEEK);
    keqiao = await bearer(config, clock, { sub: 'kq-rev-1', roles: ['county-reviewer'], unit: '330603' }, WEEK);
    approver = await bearer(config, clock, { sub: 'yc-app-1', roles: ['township-approver'], unit: '330602001' }, WEEK);
    auditor = await bearer(config, clock, { sub: 'sx-aud-1', roles: ['auditor'], unit: '3306' }, WEEK);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const streamEvents = async (): Promise<{ type: string }[]> =>
    (await http().get('/streams/delegation-330602001').set('Authorization', auditor).expect(200)).body.events;
  const inForceRequest = (query: string) => http().get(`/delegations/330602001/in-force?${query}`).set('Authorization', approver);
  const inForce = (query: string) => inForceRequest(query).expect(200);

  describe('a grant by the county reviewer of 越城 to township 330602001', () => {
    it('is recorded once with an id minted by the server, even when the request is repeated', async () => {
      const send = () =>
        http().post('/delegations/330602001').set('Authorization', yuecheng).set('Idempotency-Key', 'grant 330602001 2025').send(grant);
      const first = await send().expect(201);
      const retry = await send().expect(201);

      expect(first.headers.etag).toBe('"0"');
      expect(first.body.replayed).toBe(false);
      expect(first.body.events).toMatchObject([
        {
          type: 'DelegationGranted',
          data: {
            countyCode: '330602',
            townshipCode: '330602001',
            programmes: [
              { programme: 'dibao', spotCheckRatio: 0.3 },
              { programme: 'temporary', maxAmountFen: 300_000, spotCheckRatio: 0 },
            ],
            grantedBy: { id: 'yc-rev-1', role: 'county-reviewer', unit: '330602' },
            grantedAt: GRANTED_AT,
          },
        },
      ]);
      delegationId = first.body.events[0].data.delegationId;
      expect(delegationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.body.state.delegations).toMatchObject([{ delegationId, status: 'in-force' }]);

      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(await streamEvents()).toHaveLength(1);
    });

    it('is refused to the county reviewer of 柯桥 (330603): 403, nothing recorded', async () => {
      const response = await http()
        .post('/delegations/330602001')
        .set('Authorization', keqiao)
        .send({ ...grant, programmes: [{ programme: 'tekun' }] })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'outside-jurisdiction', unit: '330603', townshipCode: '330602001' });
      expect(await streamEvents()).toHaveLength(1);
    });

    it('is refused to a township approver, who may not delegate to themself: 403', async () => {
      const response = await http().post('/delegations/330602001').set('Authorization', approver).send(grant).expect(403);
      expect(response.body).toMatchObject({ code: 'role-required', requiredRoles: ['county-reviewer', 'admin'] });
    });

    it('is in force now for 低保', async () => {
      const response = await inForce('programme=dibao');
      expect(response.body).toMatchObject({
        townshipCode: '330602001',
        programme: 'dibao',
        at: GRANTED_AT,
        registerRevision: 0,
        inForce: true,
        delegation: { delegationId, programme: 'dibao', spotCheckRatio: 0.3, validFrom: '2025-03-03', validTo: '2026-01-01' },
      });
      expect(response.headers.etag).toBeUndefined();
    });

    it('covers 临时救助 up to its cap and not above it', async () => {
      expect((await inForce('programme=temporary&amountFen=300000')).body).toMatchObject({ inForce: true });
      expect((await inForce('programme=temporary&amountFen=300001')).body).toMatchObject({
        inForce: false,
        reason: 'over-cap',
        delegationId,
        maxAmountFen: 300_000,
      });
    });

    it('does not cover 特困, which was not delegated', async () => {
      expect((await inForce('programme=tekun')).body).toMatchObject({ inForce: false, reason: 'programme-not-delegated' });
    });

    it('is not in force before it was recorded, whatever its validity says', async () => {
      expect((await inForce('programme=dibao&at=2025-03-03T09:59:59%2B08:00')).body).toMatchObject({ inForce: false, reason: 'none' });
    });

    describe('then suspended an hour later', () => {
      beforeAll(async () => {
        clock.set(SUSPENDED_AT);
        const register = await http().get('/delegations/330602001').set('Authorization', approver).expect(200);
        expect(register.headers.etag).toBe('"0"');
        const response = await http()
          .post(`/delegations/330602001/${delegationId}/suspension`)
          .set('Authorization', yuecheng)
          .set('If-Match', register.headers.etag)
          .send({ reason: '专项检查发现问题' })
          .expect(201);
        expect(response.headers.etag).toBe('"1"');
      });

      it('is not in force now, for the reason that it is suspended', async () => {
        expect((await inForce('programme=dibao')).body).toEqual({
          townshipCode: '330602001',
          programme: 'dibao',
          at: SUSPENDED_AT,
          registerRevision: 1,
          inForce: false,
          reason: 'suspended',
          delegationId,
        });
      });

      it('was in force at an instant before the suspension, and stays so', async () => {
        expect((await inForce(`programme=dibao&at=2025-03-03T02:30:00Z`)).body).toMatchObject({ inForce: true });
      });

      it('shows as suspended in the register, with its history', async () => {
        const response = await http().get('/delegations/330602001').set('Authorization', approver).expect(200);
        expect(response.body).toMatchObject({
          streamId: 'delegation-330602001',
          revision: 1,
          state: {
            townshipCode: '330602001',
            at: SUSPENDED_AT,
            delegations: [
              { delegationId, status: 'suspended', suspensions: [{ suspendedAt: SUSPENDED_AT, reason: '专项检查发现问题' }] },
            ],
          },
        });
        const before = await http().get('/delegations/330602001?at=2025-03-03T02:30:00Z').set('Authorization', approver).expect(200);
        expect(before.body.state.delegations[0].status).toBe('in-force');
      });

      it('a resumption decided on the register before the suspension is a 412 and records nothing', async () => {
        const response = await http()
          .post(`/delegations/330602001/${delegationId}/resumption`)
          .set('Authorization', yuecheng)
          .set('If-Match', '"0"')
          .expect(412);
        expect(response.body).toMatchObject({ code: 'wrong-expected-revision', expected: 0, actual: 1 });
        expect((await streamEvents()).map((e) => e.type)).toEqual(['DelegationGranted', 'DelegationSuspended']);
      });

      it('is suspended once: a second suspension is a 409', async () => {
        const response = await http()
          .post(`/delegations/330602001/${delegationId}/suspension`)
          .set('Authorization', yuecheng)
          .send({ reason: '再次' })
          .expect(409);
        expect(response.body).toMatchObject({ code: 'delegation-suspended' });
      });

      it('resumed and then revoked, is in force in between and revoked after', async () => {
        clock.set('2025-03-04T02:00:00.000Z');
        await http().post(`/delegations/330602001/${delegationId}/resumption`).set('Authorization', yuecheng).set('If-Match', '"1"').expect(201);
        expect((await inForce('programme=dibao')).body).toMatchObject({ inForce: true });

        clock.set('2025-03-05T02:00:00.000Z');
        const revoked = await http()
          .post(`/delegations/330602001/${delegationId}/revocation`)
          .set('Authorization', yuecheng)
          .send({ reason: '整改不到位' })
          .expect(201);
        expect(revoked.body.state.delegations[0]).toMatchObject({ status: 'revoked', revocation: { reason: '整改不到位' } });
        expect((await inForce('programme=dibao')).body).toMatchObject({ inForce: false, reason: 'revoked', delegationId });
        expect((await inForce('programme=dibao&at=2025-03-04T12:00:00Z')).body).toMatchObject({ inForce: true });
      });
    });
  });

  describe('a township that never held a delegation', () => {
    it('has none in force: 200 with the reason none', async () => {
      const response = await http().get('/delegations/330602002/in-force?programme=dibao').set('Authorization', approver).expect(200);
      expect(response.body).toMatchObject({ inForce: false, reason: 'none', registerRevision: null });
    });

    it('has no register: 404', async () => {
      await http().get('/delegations/330602002').set('Authorization', approver).expect(404);
    });
  });

  describe('a request that is malformed', () => {
    it('a grant of the wrong shape is a 400 naming each field', async () => {
      const response = await http()
        .post('/delegations/330602002')
        .set('Authorization', yuecheng)
        .send({ programmes: [{ programme: 'pension' }], validFrom: 20250303, document: '越民〔2025〕13号', delegationId: 'mine' })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'delegationId',
        'programmes[0].programme',
        'validFrom',
        'validTo',
      ]);
    });

    it("a grant the decider refuses names the field by the body's path", async () => {
      const response = await http()
        .post('/delegations/330602002')
        .set('Authorization', yuecheng)
        .send({ ...grant, validFrom: '2025-03-05', programmes: [{ programme: 'dibao', maxAmountFen: 100 }] })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'programmes[0].maxAmountFen', message: 'only temporary assistance has a cap per case, not dibao' },
      ]);
    });

    it('a question about 临时救助 without the amount is a 400 naming amountFen', async () => {
      const response = await inForceRequest('programme=temporary').expect(400);
      expect(response.body.errors).toEqual([
        { field: 'amountFen', message: 'amountFen must be a whole number of fen, and is required for temporary' },
      ]);
    });

    it('a township code that is not one is a 400 naming townshipCode', async () => {
      const response = await http().get('/delegations/330602/in-force?programme=dibao').set('Authorization', approver).expect(400);
      expect(response.body.errors).toEqual([{ field: 'townshipCode', message: 'townshipCode must be a 9-digit township code' }]);
    });

    it('an instant without an offset is a 400 naming at', async () => {
      const response = await inForceRequest('programme=dibao&at=2025-03-03T10:00:00').expect(400);
      expect(response.body.errors).toEqual([
        { field: 'at', message: 'at must be an ISO 8601 instant with an offset, e.g. 2025-03-03T10:00:00+08:00' },
      ]);
    });

    it('without a token is a 401', async () => {
      await http().post('/delegations/330602001').send(grant).expect(401);
      await http().get('/delegations/330602001/in-force?programme=dibao').expect(401);
    });
  });
});
