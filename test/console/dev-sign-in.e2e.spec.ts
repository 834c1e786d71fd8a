import { createApp } from '../../apps/api/src/app.module';
import { loadConfig } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { caseWorld } from '../support/case-world';

const T1 = '330602001';

describe('the console over HTTP: its files and the development sign-in', () => {
  const world = caseWorld({ name: 'console-http', tokenLifetimeDays: 1 });

  beforeAll(async () => {
    await world.open();
    const admin = await world.token('admin-1', ['admin'], '3306');
    await world.post('/officials', admin, { officialId: 'approver-1', roles: ['township-approver'], unit: T1, personal: { name: '审批人' } }).expect(201);
    await world.post('/officials', admin, { officialId: 'gone-1', roles: ['intake-clerk'], unit: T1, personal: { name: '离职人员' } }).expect(201);
    await world.post('/officials/gone-1/deactivation', admin, { reason: '调离' }).expect(201);
  });
  afterAll(() => world.close());

  const http = () => request(world.app.getHttpServer());

  it('serves the page at /console/ with a policy that allows only its own scripts and its import map', async () => {
    await http().get('/console').expect(302).expect('Location', '/console/');
    const page = await http().get('/console/').expect(200).expect('Content-Type', /text\/html/);
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page.text)?.[1] ?? '';
    const hash = createHash('sha256').update(importMap).digest('base64');
    expect(page.headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}'`);
    await http().get('/console/app.js').expect(200).expect('Content-Type', /javascript/);
    await http().get('/console/vendor/preact.mjs').expect(200).expect('Content-Type', /javascript/);
    await http().get('/console/..%2f..%2fpackage.json').expect(404);
    await http().get('/console/vendor/../../package.json').expect(404);
  });

  it('lists the active officials recorded in the ledger and signs a short-lived token for the one picked', async () => {
    const listed = await http().get('/dev-sign-in').expect(200);
    expect(listed.body.officials).toEqual([{ officialId: 'approver-1', name: '审批人', roles: ['township-approver'], unit: T1 }]);
    const signed = await http().post('/dev-sign-in').send({ officialId: 'approver-1' }).expect(201);
    expect(signed.body.official.officialId).toBe('approver-1');
    expect(Date.parse(signed.body.expiresAt) - world.clock.now().getTime()).toBe(4 * 3600 * 1000);
    await http().get('/work-queue').set('Authorization', `Bearer ${signed.body.token}`).expect(200);
  });

  it('filters the list by id, name, unit or role on the server', async () => {
    for (const q of ['APPROVER-1', '审批', T1, 'township-approver']) {
      const listed = await http().get('/dev-sign-in').query({ q }).expect(200);
      expect(listed.body.officials.map((o: { officialId: string }) => o.officialId)).toEqual(['approver-1']);
      expect(listed.body.truncated).toBe(false);
    }
    const none = await http().get('/dev-sign-in').query({ q: 'discipline-inspector' }).expect(200);
    expect(none.body.officials).toEqual([]);
  });

  it('refuses an official who is not active in the ledger, naming the field', async () => {
    for (const officialId of ['gone-1', 'nobody']) {
      const refused = await http().post('/dev-sign-in').send({ officialId }).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'officialId' })]);
    }
  });

  it('answers 404 when LEDGER_CONSOLE_DEV_SIGN_IN is off, while the console itself is still served', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-console-off-'));
    let app: INestApplication | undefined;
    try {
      app = await createApp(loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_CONSOLE_DEV_SIGN_IN: 'false' }), { logger: false });
      await app.init();
      await request(app.getHttpServer()).get('/dev-sign-in').expect(404);
      await request(app.getHttpServer()).post('/dev-sign-in').send({ officialId: 'approver-1' }).expect(404);
      await request(app.getHttpServer()).get('/console/').expect(200);
    } finally {
      await app?.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
