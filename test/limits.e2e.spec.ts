import { createApp } from '../apps/api/src/app.module';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

describe('an API with LEDGER_RATE_LIMIT_PER_MINUTE=3', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let first: string;
  let second: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-limits-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_RATE_LIMIT_PER_MINUTE: '3' });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    first = await bearer(config, clock, { sub: 'auditor-1', roles: ['auditor'], unit: '3306' });
    second = await bearer(config, clock, { sub: 'auditor-2', roles: ['auditor'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  it("answers a token's fourth request of the minute with a 429 problem and Retry-After", async () => {
    for (let i = 0; i < 3; i++) await http().get('/standards/3306').set('Authorization', first).expect((r) => expect(r.status).not.toBe(429));
    const refused = await http().get('/standards/3306').set('Authorization', first).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests', detail: expect.stringContaining('at most 3 a minute') });
  });

  it('counts per token: another official from the same address is still served', async () => {
    await http().get('/standards/3306').set('Authorization', second).expect((r) => expect(r.status).not.toBe(429));
  });

  it('never limits the probes or /metrics', async () => {
    for (let i = 0; i < 5; i++) {
      await http().get('/health/live').expect(200);
      await http().get('/health').expect(200);
      await http().get('/metrics').expect(200);
    }
  });

  it('limits requests without a token by address', async () => {
    for (let i = 0; i < 3; i++) await http().get('/.well-known/jwks.json').expect(200);
    await http().get('/.well-known/jwks.json').expect(429);
  });
});

describe('LEDGER_BODY_LIMIT', () => {
  it('refuses a larger body with a 413 problem', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-limits-e2e-'));
    const config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_BODY_LIMIT: '2kb' });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    const app = await createApp(config, { clock, logger: false });
    try {
      await app.init();
      const admin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
      const response = await request(app.getHttpServer())
        .post('/standards/3306')
        .set('Authorization', admin)
        .send({ padding: 'x'.repeat(4096) })
        .expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
