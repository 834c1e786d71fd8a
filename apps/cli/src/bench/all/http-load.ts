import { residentIdCheckCharacter } from '@app/households';
import { type AppConfig, FixedClock, issueToken, loadConfig, readSigningKey, type TokenRequest } from '@app/platform';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../../api/src/app.module';
import { dropSchema, freshSchemaName } from '../postgres-admin';

const TOWNSHIP = '330602001';
const COUNTY = '330602';

/** What we use of autocannon 9 (it ships no types). */
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly '2xx': number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export interface HttpLoadRow {
  readonly scenario: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface HttpLoadReport {
  readonly store: 'sqlite' | 'postgres';
  readonly seeded: { readonly standards: number; readonly cases: number; readonly failures: string[] };
  readonly rows: HttpLoadRow[];
}

const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

/** A distinct household for every i below 100,000: the ID numbers' sequence and birth day vary. */
function applicationOf(i: number) {
  const sequence = String(1_000 + (i % 999) + 1).slice(1); // 3 digits, 001-999
  const day = String(1 + (Math.floor(i / 999) % 28)).padStart(2, '0');
  return {
    programme: 'dibao',
    townshipCode: TOWNSHIP,
    household: {
      members: [
        { relation: 'applicant', personal: { name: '王建国', idNumber: residentId(`330602198001${day}${sequence}`) } },
        { relation: 'spouse', personal: { name: '李秀英', idNumber: residentId(`330602198202${day}${sequence}`) } },
      ],
      monthlyIncomeFen: { wages: 90_000 },
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
  };
}

async function bearer(config: AppConfig, clock: FixedClock, principal: TokenRequest): Promise<string> {
  const { auth } = config;
  if (auth.kind !== 'embedded') throw new Error('the load test signs tokens of the embedded default only');
  const key = await readSigningKey(auth.keyDir);
  const { token } = await issueToken(key, principal, {
    issuer: auth.issuer,
    audience: auth.audience,
    now: clock.now(),
    ttlSeconds: 24 * 3600,
    tokenId: randomUUID(),
  });
  return `Bearer ${token}`;
}

export interface HttpLoadOptions {
  readonly store: 'sqlite' | 'postgres';
  readonly databaseUrl: string;
  readonly cases: number;
  readonly seconds: number;
  readonly connections: number;
}

/**
 * The API in this process on a fresh store (a temporary SQLite data directory, or fresh PostgreSQL
 * schemas dropped afterwards; no rate limit), seeded over HTTP with the Shaoxing standards, the
 * township's delegation and `cases` applications, then loaded by autocannon: the work queue
 * (reads) and case commands (applications, POST /cases, each a distinct household: one command
 * through the case decider and one append each), then officials registered (POST /officials).
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadReport> {
  const root = mkdtempSync(join(tmpdir(), 'ledger-bench-http-'));
  const clock = new FixedClock('2021-03-01T01:00:00.000Z');
  const schema = freshSchemaName('http');
  const env: NodeJS.ProcessEnv = { LEDGER_DATA_DIR: join(root, 'data'), LEDGER_RATE_LIMIT_PER_MINUTE: '0' };
  if (options.store === 'postgres') Object.assign(env, { LEDGER_STORE: 'postgres', DATABASE_URL: options.databaseUrl, LEDGER_PG_SCHEMA: schema });
  const config = loadConfig(env);
  const dropSchemas = async () => {
    if (options.store !== 'postgres') return;
    for (const name of [schema, `${schema}_read`, `${schema}_integrity`]) await dropSchema(options.databaseUrl, name);
  };
  const failures: string[] = [];
  let app: INestApplication | undefined;
  try {
    app = await createApp(config, { clock, logger: false });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const admin = await bearer(config, clock, { sub: 'admin-1', roles: ['admin'], unit: '3306' });
    const countyAdmin = await bearer(config, clock, { sub: `admin-${COUNTY}`, roles: ['admin'], unit: COUNTY });
    const reviewer = await bearer(config, clock, { sub: `reviewer-${COUNTY}`, roles: ['county-reviewer'], unit: COUNTY });
    const clerk = await bearer(config, clock, { sub: `clerk-${TOWNSHIP}`, roles: ['intake-clerk'], unit: TOWNSHIP });

    const post = async (path: string, auth: string, body: object): Promise<boolean> => {
      const response = await fetch(url + path, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) {
        if (failures.length < 5) failures.push(`POST ${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
        return false;
      }
      await response.arrayBuffer();
      return true;
    };
    let standards = 0;
    for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) if (await post(seed.path, admin, seed.body)) standards++;
    await post(`/delegations/${TOWNSHIP}`, reviewer, {
      programmes: [{ programme: 'dibao' }],
      validFrom: '2021-03-01',
      validTo: '2022-01-01',
      document: '越民〔2021〕8号',
    });
    let cases = 0;
    for (let i = 0; i < options.cases; i++) if (await post('/cases', clerk, applicationOf(i))) cases++;

    const rows: HttpLoadRow[] = [];
    const measure = async (scenario: string, run: () => Promise<AutocannonResult>) => {
      process.stderr.write(`bench all: http ${scenario} for ${options.seconds} s ...\n`);
      const result = await run();
      rows.push({
        scenario,
        connections: options.connections,
        seconds: options.seconds,
        requestsPerSecond: Math.round(result.requests.average),
        requests: result.requests.total,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    };
    await measure(`GET /work-queue?township=${TOWNSHIP}`, () =>
      autocannon({
        url: `${url}/work-queue?township=${TOWNSHIP}`,
        connections: options.connections,
        duration: options.seconds,
        headers: { authorization: clerk },
      }),
    );
    let application = 0;
    await measure('POST /cases (an application)', () =>
      autocannon({
        url,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: 'POST',
            path: '/cases',
            headers: { authorization: clerk, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: JSON.stringify(applicationOf(options.cases + application++)) }),
          },
        ],
      }),
    );
    let next = 0;
    await measure('POST /officials', () =>
      autocannon({
        url,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: 'POST',
            path: '/officials',
            headers: { authorization: countyAdmin, 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({
                officialId: `bench-${process.pid}-${next++}`,
                roles: ['township-approver'],
                unit: TOWNSHIP,
                personal: { name: '王小明' },
              }),
            }),
          },
        ],
      }),
    );
    return { store: options.store, seeded: { standards, cases, failures }, rows };
  } finally {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
    await dropSchemas();
  }
}

export function httpLoadTable(report: HttpLoadReport): string {
  const header = '| scenario | connections | s | req/s | requests | p50 ms | p99 ms | non-2xx | errors |';
  const lines = report.rows.map(
    (r) =>
      `| ${r.scenario} | ${r.connections} | ${r.seconds} | ${r.requestsPerSecond.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} | ${r.errors} |`,
  );
  const seeded = `${report.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}. Seeded over HTTP: ${report.seeded.standards} standards, the delegation of ${TOWNSHIP}, ${report.seeded.cases} cases.`;
  const failures = report.seeded.failures.length ? `\n\nSeeding failures: ${report.seeded.failures.join('; ')}` : '';
  return [header, '|---|--:|--:|--:|--:|--:|--:|--:|--:|', ...lines].join('\n') + `\n\n${seeded}${failures}`;
}
