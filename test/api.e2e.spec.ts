import { RULE_IDS } from '@app/warnings/rules';
import { createApp } from '../apps/api/src/app.module';
import { EVENT_STORE, type EventMetadata, type EventStore, GENESIS_HASH, hashEvent } from '@app/ledger';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

const metadata: EventMetadata = {
  actor: { id: 'official-7', role: 'township-approver', unit: '330602001' },
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2025-03-01T08:00:00.000Z',
};

describe('the HTTP API on a fresh embedded store', () => {
  let dataDir: string;
  let config: AppConfig;
  let app: INestApplication;
  let store: EventStore;
  /** An auditor of the city: may read raw streams. */
  let auditor: string;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'ledger-e2e-')), 'data');
    // Only the data directory is set: every other setting is its default.
    config = loadConfig({ LEDGER_DATA_DIR: dataDir });
    const clock = new FixedClock();
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    store = app.get<EventStore>(EVENT_STORE);
    auditor = await bearer(config, clock, { sub: 'auditor-1', roles: ['auditor'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  describe('GET /health with nothing appended yet', () => {
    it('answers 200 with the store kind and an empty log', async () => {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        store: { kind: 'sqlite', reachable: true },
        log: { eventCount: 0, lastPosition: null, checkpoint: '' },
        projections: expect.arrayContaining([
          expect.objectContaining({ name: 'work_queue', version: 1, lag: 0 }),
          expect.objectContaining({ name: 'payment_ledger', version: 1, lag: 0 }),
        ]),
        notary: { state: expect.stringMatching(/^(catching-up|live)$/), treeSize: 0, signedTreeSize: 0, lag: 0 },
        rulesEngine: {
          state: expect.stringMatching(/^(rebuilding|catching-up|live)$/),
          rules: RULE_IDS.length,
          lag: 0,
          warningsRaised: 0,
          openWarnings: 0,
          escalations: 0,
          ruleErrors: 0,
        },
      });
      expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(true);
    });
  });

  describe('a stream with appended events', () => {
    beforeAll(async () => {
      await store.append(
        'case-1',
        [
          { eventId: 'e-1', type: 'ApplicationSubmitted', data: { township: '330602001' }, metadata },
          { eventId: 'e-2', type: 'MeansCheckRequested', data: { checkId: 'mc-1' }, metadata },
        ],
        { expectedRevision: 'no-stream' },
      );
      await store.append('household-9', [{ eventId: 'e-3', type: 'MemberRegistered', data: { n: 1 }, metadata }], {
        expectedRevision: 'no-stream',
      });
      await store.append('case-1', [{ eventId: 'e-4', type: 'HomeVisitRecorded', data: { visit: 1 }, metadata }], {
        expectedRevision: 1n,
      });
    });

    it('GET /streams/:id shows its events in order with their envelope and hash chain', async () => {
      const response = await request(app.getHttpServer()).get('/streams/case-1').set('Authorization', auditor).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const { events } = response.body;
      expect(response.body).toMatchObject({ streamId: 'case-1', direction: 'forwards', nextFromRevision: null });
      expect(events.map((e: { eventId: string }) => e.eventId)).toEqual(['e-1', 'e-2', 'e-4']);
      expect(events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2]);
      expect(events.map((e: { globalPosition: number }) => e.globalPosition)).toEqual([1, 2, 4]);
      expect(events[0]).toMatchObject({
        streamId: 'case-1',
        type: 'ApplicationSubmitted',
        schemaVersion: 1,
        data: { township: '330602001' },
        metadata,
        recordedAt: expect.any(String),
        integrity: { prevHash: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      expect(events[1].integrity.prevHash).toBe(events[0].integrity.hash);
      expect(events[2].integrity.prevHash).toBe(events[1].integrity.hash);
      // The hash shown is the one anyone can recompute from the envelope shown.
      const [first] = events;
      expect(first.integrity.hash).toBe(
        hashEvent({ ...first, revision: BigInt(first.revision), prevHash: first.integrity.prevHash }),
      );
    });

    it('pages backwards from a revision and says where the next page starts', async () => {
      const response = await request(app.getHttpServer())
        .get('/streams/case-1')
        .set('Authorization', auditor)
        .query({ direction: 'backwards', fromRevision: '2', maxCount: '2' })
        .expect(200);
      expect(response.body.events.map((e: { revision: number }) => e.revision)).toEqual([2, 1]);
      expect(response.body.nextFromRevision).toBe(0);
    });

    it('GET /health counts the events and names the last position', async () => {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      expect(response.body.log).toEqual({ eventCount: 4, lastPosition: 4, checkpoint: expect.any(String) });
      expect(response.body.log.checkpoint).not.toBe('');
    });
  });

  describe('who may read a raw stream', () => {
    it('nobody without a token: 401 with a Bearer challenge', async () => {
      const response = await request(app.getHttpServer()).get('/streams/case-1').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="assistance-ledger"');
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('not a township approver: 403 naming the roles that may', async () => {
      const approver = await bearer(config, new FixedClock(), { sub: 'official-7', roles: ['township-approver'], unit: '330602001' });
      const response = await request(app.getHttpServer()).get('/streams/case-1').set('Authorization', approver).expect(403);
      expect(response.body).toMatchObject({
        code: 'role-required',
        requiredRoles: ['auditor', 'discipline-inspector', 'admin'],
        heldRoles: ['township-approver'],
      });
    });

    it.each([['discipline-inspector' as const], ['admin' as const]])('the role %s may', async (role) => {
      const token = await bearer(config, new FixedClock(), { sub: 'official-9', roles: [role], unit: '330602' });
      await request(app.getHttpServer()).get('/streams/household-9').set('Authorization', token).expect(200);
    });

    it('GET /health needs no token', async () => {
      await request(app.getHttpServer()).get('/health').expect(200);
    });
  });

  describe('problems', () => {
    it('a stream that does not exist is a 404 problem naming it', async () => {
      const response = await request(app.getHttpServer()).get('/streams/case-404').set('Authorization', auditor).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toEqual({
        type: 'urn:assistance-ledger:problem:stream-not-found',
        title: 'Not Found',
        status: 404,
        detail: 'stream case-404 does not exist',
        instance: '/streams/case-404',
        code: 'stream-not-found',
        streamId: 'case-404',
      });
    });

    it.each([
      ['maxCount', 'lots', 'maxCount must be a whole number from 1 to 1000'],
      ['maxCount', '0', 'maxCount must be a whole number from 1 to 1000'],
      ['maxCount', '5000', 'maxCount must be a whole number from 1 to 1000'],
      ['fromRevision', '-1', 'fromRevision must be a whole number of 0 or more'],
      ['fromRevision', '1.5', 'fromRevision must be a whole number of 0 or more'],
      ['direction', 'sideways', 'direction must be forwards or backwards'],
    ])('%s=%s is a 400 problem naming the parameter', async (name, value, message) => {
      const response = await request(app.getHttpServer())
        .get('/streams/case-1')
        .set('Authorization', auditor)
        .query({ [name]: value })
        .expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:assistance-ledger:problem:invalid-request',
        status: 400,
        instance: expect.stringMatching(/^\/streams\/case-1\?/),
        errors: [{ field: name, message }],
      });
    });

    it('an unknown query parameter is refused, not ignored', async () => {
      const response = await request(app.getHttpServer()).get('/streams/case-1?limit=5').set('Authorization', auditor).expect(400);
      expect(response.body.errors).toEqual([{ field: 'limit', message: 'property limit should not exist' }]);
    });

    it('an unknown route is a 404 problem', async () => {
      const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'about:blank', status: 404, instance: '/nowhere' });
    });

    it('malformed JSON is a 400 problem and a body over the limit a 413 problem', async () => {
      const malformed = await request(app.getHttpServer())
        .post('/streams/case-1')
        .set('Content-Type', 'application/json')
        .send('{"type": ')
        .expect(400);
      expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(malformed.body).toMatchObject({ status: 400, title: 'Bad Request' });
      const huge = { padding: 'x'.repeat(config.http.bodyLimitBytes) };
      const tooLarge = await request(app.getHttpServer()).post('/streams/case-1').send(huge).expect(413);
      expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(tooLarge.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    });

    it('GET /health is a 503 problem when the store does not answer', async () => {
      const head = jest.spyOn(store, 'head').mockRejectedValueOnce(new Error('SQLITE_IOERR: disk I/O error'));
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      head.mockRestore();
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ status: 503, code: 'store-unavailable', store: 'sqlite' });
      expect(JSON.stringify(response.body)).not.toContain('SQLITE_IOERR');
    });
  });
});
