import { createApp } from '../../apps/api/src/app.module';
import { EVENT_STORE, type EventStore } from '@app/ledger';
import { type AppConfig, FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import { ROLES } from '@app/platform/roles';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../support/tokens';
import { closeAgent, type CommandEndpoint, commandEndpoints, type RawRequest, type RawResponse, send } from './command-endpoints';
import { defectiveRequest, type FuzzTokens, POLLUTION_KEYS, withKey } from './request-generators';

/** Generated requests per endpoint and property; 55 endpoints make the run well over 10,000. */
const RUNS_PER_ENDPOINT = 180;
const UNKNOWN_FIELD_RUNS_PER_ENDPOINT = 20;
const OVERSIZED_RUNS = 150;
const BODY_LIMIT = 16 * 1024;

jest.setTimeout(15 * 60_000);

describe('command endpoints under random and malformed requests', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let store: EventStore;
  let baseUrl: string;
  let endpoints: CommandEndpoint[];
  let tokens: FuzzTokens;
  let generated = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-fuzz-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_BODY_LIMIT: `${BODY_LIMIT / 1024}kb` });
    const clock = new FixedClock('2021-03-01T01:00:00.000Z');
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
    store = app.get<EventStore>(EVENT_STORE);
    tokens = {
      broad: await bearer(config, clock, { sub: 'fuzz-all', roles: [...ROLES], unit: '3306' }),
      township: await bearer(config, clock, { sub: 'fuzz-town', roles: [...ROLES], unit: '330602001' }),
      expired: await bearer(config, new FixedClock('2020-01-01T00:00:00.000Z'), { sub: 'fuzz-old', roles: [...ROLES], unit: '3306' }, 60),
    };
    const openApi = await send(baseUrl, { method: 'GET', path: '/docs/openapi.json', headers: {} });
    endpoints = commandEndpoints(JSON.parse(openApi.text));
  });

  afterAll(async () => {
    closeAgent();
    console.log(`fuzz: ${generated} generated requests against ${endpoints?.length ?? 0} command endpoints, no 5xx, no event appended`);
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const eventCount = async () => (await store.head()).eventCount;

  /** Sends the request and checks what every refusal must be: a 4xx problem, nothing appended. */
  async function refused(request: RawRequest): Promise<{ response: RawResponse; problem: Record<string, unknown> }> {
    generated++;
    const before = await eventCount();
    const response = await send(baseUrl, request);
    const after = await eventCount();
    const summary = `${request.method} ${request.path.slice(0, 200)} -> ${response.status} ${response.text.slice(0, 300)}`;
    if (response.status < 400 || response.status > 499) throw new Error(`not a 4xx: ${summary}`);
    if (after !== before) throw new Error(`the log grew from ${before} to ${after}: ${summary}`);
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
      throw new Error(`not a problem body (${response.headers['content-type']}): ${summary}`);
    }
    const problem = JSON.parse(response.text) as Record<string, unknown>;
    if (typeof problem.type !== 'string' || typeof problem.title !== 'string' || problem.status !== response.status) {
      throw new Error(`incomplete problem: ${summary}`);
    }
    return { response, problem };
  }

  it('enumerates the command endpoints from the served OpenAPI document', () => {
    expect(endpoints.length).toBeGreaterThan(40);
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining(['POST /cases', 'POST /officials', 'POST /cases/{caseId}/approval', 'POST /batches/{batchId}/settlement']),
    );
  });

  it('answers every request with a defect by a 4xx problem and appends nothing', async () => {
    for (const endpoint of endpoints) {
      await fc.assert(
        fc.asyncProperty(defectiveRequest(endpoint, tokens), async ({ request }) => {
          await refused(request);
        }),
        { numRuns: RUNS_PER_ENDPOINT },
      );
    }
    expect(await eventCount()).toBe(0n);
  });

  it('refuses an unknown field with a 400 that names it', async () => {
    const unknownKey = fc
      .oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom(...POLLUTION_KEYS))
      .filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
    for (const endpoint of endpoints.filter((e) => e.bodyProperties !== undefined)) {
      await fc.assert(
        fc.asyncProperty(unknownKey.filter((key) => !endpoint.bodyProperties?.includes(key)), async (key) => {
          const path = endpoint.pathParams.reduce((p, name) => p.replace(`{${name}}`, 'x-1'), endpoint.path);
          const { response, problem } = await refused({
            method: endpoint.method,
            path,
            headers: { Authorization: tokens.broad, 'Content-Type': 'application/json' },
            body: withKey('{}', key, 1),
          });
          expect(response.status).toBe(400);
          expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: key })]));
        }),
        { numRuns: UNKNOWN_FIELD_RUNS_PER_ENDPOINT },
      );
    }
  });

  it('refuses a body over LEDGER_BODY_LIMIT with a 413 problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 8 }),
        fc.boolean(),
        async (endpoint, size, withToken) => {
          const path = endpoint.pathParams.reduce((p, name) => p.replace(`{${name}}`, 'x-1'), endpoint.path);
          const body = JSON.stringify({ reason: 'x'.repeat(size) });
          const { response } = await refused({
            method: endpoint.method,
            path,
            headers: { ...(withToken ? { Authorization: tokens.broad } : {}), 'Content-Type': 'application/json' },
            body,
          });
          expect(response.status).toBe(413);
        },
      ),
      { numRuns: OVERSIZED_RUNS },
    );
  });

  describe('regression examples', () => {
    // Found by this suite: class-transformer drops `constructor` and `__proto__` and class-validator's
    // whitelist missed `valueOf`, `hasOwnProperty`...: a valid body carrying them was accepted.
    it.each(['constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'toString', 'prototype'])('a valid body plus %s is a 400 naming it', async (key) => {
      const { response, problem } = await refused({
        method: 'POST',
        path: '/delegations/330602001/d-1/suspension',
        headers: { Authorization: tokens.broad, 'Content-Type': 'application/json' },
        body: withKey('{"reason":"专项检查"}', key, { polluted: true }),
      });
      expect(response.status).toBe(400);
      expect(problem.errors).toEqual([expect.objectContaining({ field: key })]);
    });

    // Found by this suite: a body nested a few thousand deep overflowed class-transformer's stack: a 500.
    it.each([
      ['__proto__ at the top level', () => withKey('{}', '__proto__', { polluted: true })],
      ['constructor.prototype', () => withKey('{}', 'constructor', { prototype: { polluted: true } })],
      ['an array for the body', () => '[{"reason":"x"}]'],
      ['a body nested 3000 deep', () => '['.repeat(3000) + ']'.repeat(3000)],
    ])('%s is refused on every endpoint', async (_name, body) => {
      for (const endpoint of endpoints) {
        const path = endpoint.pathParams.reduce((p, name) => p.replace(`{${name}}`, '330602001'), endpoint.path);
        await refused({ method: endpoint.method, path, headers: { Authorization: tokens.broad, 'Content-Type': 'application/json' }, body: body() });
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('ran at least 10,000 generated requests', () => {
    expect(generated).toBeGreaterThanOrEqual(10_000);
  });
});
