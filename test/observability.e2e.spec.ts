import { createApp } from '../apps/api/src/app.module';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { bearer } from './support/tokens';

/** The value of one series in a Prometheus text exposition, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('an API observed through its logs and /metrics', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let admin: string;
  const lines: Record<string, unknown>[] = [];
  const seeds = setStandardRequests(SHAOXING_2020_STANDARDS);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-observability-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LOG_LEVEL: 'info' });
    const clock = new FixedClock('2021-03-01T02:00:00.000Z');
    // One app per file: nestjs-pino keeps one root logger per process (per Jest module registry).
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logDestination: destination });
    await app.init();
    admin = await bearer(config, clock, { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const post = (index: number) =>
    http().post(seeds[index].path).set('Authorization', admin).set('Idempotency-Key', seeds[index].idempotencyKey).send(seeds[index].body);

  describe('a command, then a scrape', () => {
    it('moves the append counter and the HTTP histogram, and shows every projection lag', async () => {
      const before = await http().get('/metrics').expect(200);
      expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const appended = 'ledger_appends_total{store="sqlite",result="appended"}';
      const appendedBefore = sample(before.text, appended) ?? 0;

      await post(0).expect(201);
      await post(0).expect(201); // the retry: replayed, nothing appended

      const after = (await http().get('/metrics').expect(200)).text;
      expect(sample(after, appended)).toBe(appendedBefore + 1);
      expect(sample(after, 'ledger_log_events')).toBeGreaterThan(0);
      expect(after).toMatch(/^ledger_append_duration_seconds_count\{store="sqlite",result="appended"\} [1-9]/m);
      expect(after).toMatch(/^ledger_projection_lag_events\{projection="work_queue"\} \d+$/m);
      expect(after).toMatch(/^ledger_notary_lag_events \d+$/m);
      expect(after).toMatch(/^ledger_warnings_raised_total \d+$/m);
      expect(after).toMatch(/^ledger_alert_stream_clients 0$/m);
      expect(after).toMatch(/^process_cpu_user_seconds_total /m);
      // Labelled by route pattern, not by the raw path.
      expect(after).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/standards\/:region",status="201"\} 2$/m);
    });
  });

  describe('the log line of a command request', () => {
    it('carries the request id the client sent, the actor and the command id, and no token', async () => {
      const response = await post(1).set('X-Request-Id', 'req-observability-1').expect(201);
      expect(response.headers['x-request-id']).toBe('req-observability-1');
      const commandId = response.body.events[0].metadata.commandId;

      const line = lines.find((l) => l.reqId === 'req-observability-1' && l.msg === 'request completed');
      expect(line).toMatchObject({
        level: 'info',
        reqId: 'req-observability-1',
        req: { method: 'POST', url: seeds[1].path },
        res: { statusCode: 201 },
        actor: { sub: 'sx-admin-1', roles: ['admin'], unit: '3306' },
        commandId,
      });
      expect(JSON.stringify(lines)).not.toContain(admin.slice('Bearer '.length));
    });

    it('gets a request id when the client sends none, and echoes it', async () => {
      const response = await http().get('/health/live').expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("carries Nest's own log lines as JSON too", () => {
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', context: 'NestApplication', msg: 'Nest application successfully started' }));
    });
  });

  describe('the probes', () => {
    it('GET /health/live and /health/ready answer 200 on a healthy store', async () => {
      await http().get('/health/live').expect(200, /"status":"ok"/);
      const ready = await http().get('/health/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ready' });
    });
  });
});
