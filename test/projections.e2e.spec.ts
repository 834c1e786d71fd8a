import { createApp } from '../apps/api/src/app.module';
import { FixedClock, loadConfig, SequentialIdSource, type AppConfig } from '@app/platform';
import { type Projection, type ProjectionRunner } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, ProjectionNotReachedException, RetryAfterInterceptor } from '@app/projections/nest';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, throwError } from 'rxjs';
import request from 'supertest';
import { bearer } from './support/tokens';

/** Counts the events of each type in the log. */
const eventCounts: Projection = {
  name: 'event_counts',
  version: 1,
  runsWhere: 'async',
  handles: ['StandardSet'],
  tables: ['counts'],
  async setup(tx, table) {
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${table('counts')} (type TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
  },
  async apply(tx, event, table) {
    await tx.run(
      `INSERT INTO ${table('counts')} (type, n) VALUES (?, 1) ON CONFLICT (type) DO UPDATE SET n = n + 1`,
      [event.type],
    );
  },
};

describe('projections in the API process', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let runner: ProjectionRunner;
  let cityAdmin: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-projections-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false, projections: [eventCounts] });
    await app.init();
    runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
    cityAdmin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  async function setStandard(effectiveFrom: string): Promise<string> {
    const response = await http()
      .post('/standards/3306')
      .set('Authorization', cityAdmin)
      .send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom })
      .expect(201);
    expect(response.body.checkpoint).toEqual(expect.any(String));
    return response.body.checkpoint as string;
  }

  it('a checkpoint from a command response is reached: awaitProjection resolves', async () => {
    const checkpoint = await setStandard('2021-01-01');
    await expect(awaitProjection(runner, 'event_counts', checkpoint)).resolves.toBeUndefined();
    const status = (await runner.status()).find((entry) => entry.name === 'event_counts');
    expect((status?.checkpoint ?? '') >= checkpoint).toBe(true);
  });

  it('GET /health lists the projection, live with lag 0 once it has caught up', async () => {
    const checkpoint = await setStandard('2021-02-01');
    await awaitProjection(runner, 'event_counts', checkpoint);
    const response = await http().get('/health').expect(200);
    expect(response.body.projections).toEqual([
      { name: 'event_counts', version: 1, state: 'live', lag: 0, checkpoint: response.body.log.checkpoint },
    ]);
  });

  it('without waitFor awaitProjection returns at once', async () => {
    await expect(awaitProjection(runner, 'event_counts', undefined)).resolves.toBeUndefined();
    await expect(awaitProjection(runner, 'event_counts', '')).resolves.toBeUndefined();
  });

  it('a checkpoint not reached in time is a 503 with Retry-After', async () => {
    const error = await awaitProjection(runner, 'event_counts', '\uffff', 50).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionNotReachedException);
    expect((error as ProjectionNotReachedException).getStatus()).toBe(503);

    const headers: Record<string, string> = {};
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }) }),
    };
    const handled = new RetryAfterInterceptor().intercept(context as never, { handle: () => throwError(() => error) });
    await expect(lastValueFrom(handled)).rejects.toBe(error);
    expect(headers).toEqual({ 'Retry-After': '1' });
  });

  it('an unknown projection name is refused', async () => {
    await expect(awaitProjection(runner, 'no_such', 'x')).rejects.toThrow(RangeError);
  });
});

describe('a projection that fails', () => {
  let root: string;
  let app: INestApplication;

  const failing: Projection = {
    ...eventCounts,
    name: 'always_fails',
    async apply() {
      throw new Error('cannot apply this event');
    },
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-projections-failed-e2e-'));
    const config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false, projections: [failing] });
    await app.init();
    const cityAdmin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
    await request(app.getHttpServer())
      .post('/standards/3306')
      .set('Authorization', cityAdmin)
      .send({ programme: 'dibao', monthlyFen: 90_000, effectiveFrom: '2021-01-01' })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("shows in /health as 'failed' with its error message, and /health stays 200", async () => {
    let projection: { state: string; error?: string } | undefined;
    for (let attempt = 0; attempt < 50 && projection?.state !== 'failed'; attempt++) {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      projection = response.body.projections[0];
      if (projection?.state !== 'failed') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(projection).toMatchObject({ state: 'failed', error: expect.stringContaining('cannot apply this event') });
    expect(projection?.error).not.toMatch(/\n\s+at /);
  });
});
