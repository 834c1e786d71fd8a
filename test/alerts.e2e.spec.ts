import { createApp } from '../apps/api/src/app.module';
import { CaseCommands } from '@app/assistance-cases/http';
import { EVENT_STORE, type EventStore, handleCommand } from '@app/ledger';
import { FixedClock, loadConfig, type AppConfig, type Principal, SequentialIdSource } from '@app/platform';
import type { Role } from '@app/platform/roles';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import { AlertStreamService } from '@app/warnings/http';
import { WARNING_DECIDER } from '@app/warnings/nest';
import { RULES_ENGINE_ACTOR, type RaiseWarning } from '@app/warnings/warning.commands';
import type { WarningDecider } from '@app/warnings/warning.decider';
import { warningStreamId } from '@app/warnings/warning.events';
import { warningIdOf } from '@app/warnings/engine/warning-ids';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import request from 'supertest';
import { application, residentId } from './support/case-world';
import { bearer } from './support/tokens';


const T1 = '330602001';
const T2 = '330602002';
const COUNTY = '330602';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

/** Every message type of the stream. */
const MESSAGE_TYPES = ['OpenAlert', 'SnapshotComplete', 'WarningRaised', 'WarningRouted', 'WarningAcknowledged', 'WarningEscalated', 'WarningClosed'];
/** Generous: delivery is asserted, never its timing. */
const WAIT_MS = 10_000;

interface Received {
  /** The client's last event id after the message (the message's own id when it has one). */
  readonly id: string;
  readonly event: string;
  // The parsed JSON of the message, read field by field in the assertions.
  readonly data: any;
  /** 1 for the first connection, 2 after the first reconnection, ... */
  readonly connection: number;
}

/** A real SSE client (the `eventsource` package) with the bearer token on every (re)connection. */
async function waitUntil(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

class AlertClient {
  readonly received: Received[] = [];
  /** The Last-Event-ID each connection was opened with. */
  readonly connections: (string | null)[] = [];
  private readonly source: InstanceType<typeof EventSource>;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(url: string, authorization: string, lastEventId?: string) {
    this.source = new EventSource(url, {
      fetch: async (input, init) => {
        const headers: Record<string, string> = { ...init.headers, Authorization: authorization };
        if (lastEventId !== undefined && this.connections.length === 0) headers['Last-Event-ID'] = lastEventId;
        this.connections.push(headers['Last-Event-ID'] ?? null);
        if (this.connections.length > 1) await this.held;
        return fetch(input, { ...init, headers });
      },
    });
    for (const type of MESSAGE_TYPES) {
      this.source.addEventListener(type, (event) => {
        this.received.push({ id: event.lastEventId, event: type, data: JSON.parse(event.data), connection: this.connections.length });
      });
    }
  }

  /** Reconnections wait until `resume()`. */
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
  }

  /** Live messages about one warning. */
  about(warningId: string): Received[] {
    return this.received.filter((m) => m.data.alert?.warningId === warningId);
  }

  async until(what: string, done: (received: readonly Received[]) => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!done(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(`no ${what} within ${WAIT_MS} ms; received ${JSON.stringify(this.received.map((m) => [m.event, m.data.alert?.warningId]))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.source.close();
  }
}

describe('alerts for supervisors over server-sent events', () => {
  const clock = new FixedClock(at('2021-03-01'));
  const sockets = new Set<Socket>();
  const clients: AlertClient[] = [];
  const tokens = new Map<string, string>();
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let base: string;

  const token = async (sub: string, roles: Role[], unit: string): Promise<string> => {
    const key = `${sub}|${roles.join(',')}|${unit}`;
    if (!tokens.has(key)) tokens.set(key, await bearer(config, clock, { sub, roles, unit }, 120 * 24 * 3600));
    return tokens.get(key) as string;
  };
  const supervisor = (unit: string) => token(`supervisor-${unit}`, ['supervisor'], unit);
  const http = () => request(app.getHttpServer());
  const post = (path: string, auth: string, body: object = {}) => http().post(path).set('Authorization', auth).send(body);

  async function stream(auth: string, query = '', lastEventId?: string): Promise<AlertClient> {
    const client = new AlertClient(`${base}/alerts/stream${query}`, auth, lastEventId);
    clients.push(client);
    return client;
  }

  /** A finding of a rule, raised through the warning command path as the rules engine raises it. */
  async function raise(township: string, key: string, severity: RaiseWarning['data']['severity'] = 'medium'): Promise<string> {
    const ruleId = 'test-rule';
    const warningId = warningIdOf(ruleId, key);
    const now = clock.now().toISOString();
    await handleCommand(
      app.get<EventStore>(EVENT_STORE),
      app.get<WarningDecider>(WARNING_DECIDER),
      warningStreamId(warningId),
      {
        type: 'RaiseWarning',
        data: { warningId, ruleId, ruleTitle: '测试规则', severity, key, township, caseId: null, evidence: [`evidence-${key}`], summary: `预警 ${key}`, details: {} },
        metadata: { now, actor: RULES_ENGINE_ACTOR },
      } satisfies RaiseWarning,
      {
        metadata: { actor: RULES_ENGINE_ACTOR, commandId: randomUUID(), correlationId: randomUUID(), causationId: null, occurredAt: now },
        newEventId: () => randomUUID(),
      },
    );
    return warningId;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-alerts-e2e-'));
    const policyFile = join(root, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        warnings: { engine: { escalationIntervalMs: 200, tickIntervalMs: 1000, batchMaxMs: 5 } },
        alerts: { heartbeatMs: 200, retryMs: 100 },
      }),
    );
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_POLICY_FILE: policyFile, LEDGER_POLL_INTERVAL_MS: '50' });
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe('a payment made after a death (needs the rules engine with the payment-after-death rule)', () => {
    const sole = { relation: 'applicant', personal: { name: '郑阿四', idNumber: residentId('33060219480101501') } };

    /** Applied, checked and publicised in March, approved by the township on 9 March; paid April and May. */
    async function paidSoleMemberCase(): Promise<string> {
      const admin = await token('admin-1', ['admin'], '3306');
      for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) await post(seed.path, admin, seed.body).expect(201);
      const reviewer = await token('reviewer-330602', ['county-reviewer'], COUNTY);
      await post(`/delegations/${T1}`, reviewer, {
        programmes: [{ programme: 'dibao' }],
        validFrom: '2021-03-01',
        validTo: '2022-01-01',
        document: '越民〔2021〕8号',
      }).expect(201);
      const clerk = await token(`clerk-${T1}`, ['intake-clerk'], T1);
      const submission = application(T1, [sole], { monthlyIncomeFen: { wages: 30_000 } });
      const caseId = (await post('/cases', clerk, submission).expect(201)).body.state.caseId as string;
      await post(`/cases/${caseId}/acceptance`, clerk).expect(201);
      await post(`/cases/${caseId}/means-checks`, clerk, {
        reportRef: 'HD-2021-0501',
        requestedOn: '2021-03-01',
        reportedOn: '2021-03-01',
        sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船'],
        findings: {
          monthlyIncomeFen: { wages: 30_000 },
          financialAssetsFen: 500_000,
          vehicles: 0,
          realEstateUnits: 1,
          businessRegistrations: 0,
          publicPayrollJob: false,
          incomeOverLimit: false,
        },
      }).expect(201);
      await post(`/cases/${caseId}/home-visits`, clerk, {
        visitedOn: '2021-03-01',
        investigatorIds: ['clerk-a', 'clerk-b'],
        byCounty: false,
        mode: 'in-person',
        findings: '独居老人，住房简陋，收入与申报一致',
      }).expect(201);
      await post(`/cases/${caseId}/preliminary-opinion`, clerk, { opinion: 'eligible' }).expect(201);
      await post(`/cases/${caseId}/publicity`, clerk, { place: '村务公开栏' }).expect(201);
      clock.set(at('2021-03-09'));
      await post(`/cases/${caseId}/approval`, await token(`approver-${T1}`, ['township-approver'], T1)).expect(201);

      const commands = app.get(CaseCommands);
      const batchRunner: Principal = { sub: 'batch-runner', roles: ['county-reviewer'], unit: COUNTY };
      for (const [month, scheduledOn, settledOn] of [
        ['2021-04', '2021-04-01', '2021-04-02'],
        ['2021-05', '2021-05-06', '2021-05-07'],
      ]) {
        const paymentId = `payment-${caseId}-${month}`;
        clock.set(at(scheduledOn));
        await commands.run({ principal: batchRunner }, caseId, ['county-reviewer'], 'SchedulePayment', {
          paymentId,
          batchId: `batch-${T1}-${month}`,
          month,
          kind: 'assistance',
        });
        clock.set(at(settledOn));
        await commands.run({ principal: batchRunner }, caseId, ['county-reviewer'], 'RecordSettlement', {
          paymentId,
          outcome: 'paid',
          bankReference: `BANK-${month}`,
          settledOn,
        });
      }
      return caseId;
    }

    it('reaches the supervisor of the county: the May payment after the death in April, routed to the county', async () => {
      const caseId = await paidSoleMemberCase();
      const county = await stream(await supervisor(COUNTY));
      await county.until('snapshot', (r) => r.some((m) => m.event === 'SnapshotComplete'));

      clock.set(at('2021-05-20'));
      const reviewer = await token('reviewer-330602', ['county-reviewer'], COUNTY);
      await post('/death-records', reviewer, {
        registry: '330602-hukou',
        records: [{ recordId: 'HJ-LATE', idNumber: sole.personal.idNumber, diedOn: '2021-04-10' }],
      }).expect(200);

      const isAlert = (m: Received) => m.event === 'WarningRaised' && m.data.alert.ruleId === 'payment-after-death';
      await county.until('payment-after-death alert', (r) => r.some(isAlert));
      const alert = county.received.find(isAlert);
      expect(alert?.data.alert).toMatchObject({
        caseId,
        severity: 'high',
        level: 'county',
        status: 'open',
        jurisdiction: { township: T1, county: COUNTY },
      });
      expect(alert?.id).toBe(alert?.data.alert.checkpoint);
    });
  });

  describe('jurisdiction', () => {
    it("never sends a township supervisor another township's alert, nor a county supervisor another county's", async () => {
      const first = await stream(await supervisor(T1));
      const second = await stream(await supervisor(T2));
      const keqiao = await stream(await supervisor('330603'));
      const city = await stream(await token('auditor-1', ['auditor'], '3306'));
      for (const client of [first, second, keqiao, city]) {
        await client.until('snapshot', (r) => r.some((m) => m.event === 'SnapshotComplete'));
      }
      const before = (client: AlertClient) => client.received.length;
      const counts = [first, second, keqiao, city].map(before);

      const raised = [await raise(T1, 'jurisdiction-1'), await raise(T2, 'jurisdiction-2'), await raise('330603101', 'jurisdiction-3')];
      // Each stream is in log order: once a client has its own marker, raised after everything
      // else, it has been sent all it was ever going to be sent of what came before.
      const markers = [await raise(T1, 'marker-1'), await raise(T2, 'marker-2'), await raise('330603101', 'marker-3')];
      for (const [index, client] of [first, second, keqiao].entries()) {
        await client.until('its marker', (r) => r.some((m) => m.data.alert?.warningId === markers[index]));
      }
      await city.until('every alert', (r) => [...raised, ...markers].every((id) => r.some((m) => m.data.alert?.warningId === id)));
      const seen = (client: AlertClient, index: number) =>
        client.received.slice(counts[index]).map((m) => m.data.alert.jurisdiction.township as string);
      expect(new Set(seen(first, 0))).toEqual(new Set([T1]));
      expect(new Set(seen(second, 1))).toEqual(new Set([T2]));
      expect(new Set(seen(keqiao, 2))).toEqual(new Set(['330603101']));
      expect(new Set(seen(city, 3))).toEqual(new Set([T1, T2, '330603101']));
      const ours = (client: AlertClient, index: number) =>
        client.received.slice(counts[index]).filter((m) => m.data.alert.ruleId === 'test-rule').map((m) => [m.event, m.data.alert.warningId]);
      expect(ours(first, 0)).toEqual([
        ['WarningRaised', raised[0]],
        ['WarningRaised', markers[0]],
      ]);
    });
  });

  describe('reconnection', () => {
    it('resumes a dropped connection with Last-Event-ID: nothing missed, nothing repeated', async () => {
      const client = await stream(await supervisor(COUNTY));
      await client.until('snapshot', (r) => r.some((m) => m.event === 'SnapshotComplete'));
      const snapshot = client.received.find((m) => m.event === 'SnapshotComplete') as Received;
      expect(snapshot.id).toBe(snapshot.data.checkpoint);
      const a = await raise(T1, 'resume-a');
      await client.until('the first alert', (r) => r.some((m) => m.data.alert?.warningId === a));
      const lastBefore = client.received.at(-1)?.id as string;

      client.hold();
      for (const socket of sockets) socket.destroy();
      await waitUntil('the server to let go of the stream', () => app.get(AlertStreamService).connections === 0);
      // While it is away: a new alert elsewhere in the county, the first one acknowledged, another raised.
      const b = await raise(T2, 'resume-b');
      await post(`/alerts/${a}/acknowledgement`, await supervisor(T1), { note: '已安排入户核实' }).expect(201);
      const c = await raise(T1, 'resume-c');
      client.resume();
      await client.until('the last alert', (r) => r.some((m) => m.data.alert?.warningId === c));

      expect(client.connections).toEqual([null, lastBefore]);
      const live = client.received.filter((m) => m.event !== 'OpenAlert' && m.event !== 'SnapshotComplete');
      const ids = live.map((m) => m.id);
      expect(ids).toEqual([...new Set(ids)].sort());
      for (const m of live) expect(m.id).toBe(m.data.alert.checkpoint);
      const afterDrop = client.received.filter((m) => m.connection === 2);
      expect(afterDrop.map((m) => [m.event, m.data.alert.warningId])).toEqual(
        expect.arrayContaining([
          ['WarningRaised', b],
          ['WarningAcknowledged', a],
          ['WarningRaised', c],
        ]),
      );
      expect(afterDrop.some((m) => m.event === 'OpenAlert' || m.event === 'SnapshotComplete')).toBe(false);

      // Exactly the county's warning events of the log after the snapshot, up to the last one received.
      const last = ids.at(-1) as string;
      expect(ids).toEqual(await expectedIds(COUNTY, snapshot.id, last));

      // A new client that names the last id it had seen before the drop gets exactly what followed.
      const again = await stream(await supervisor(COUNTY), '', lastBefore);
      await again.until('the last alert', (r) => r.some((m) => m.id === last));
      expect(again.connections).toEqual([lastBefore]);
      expect(again.received.map((m) => m.id)).toEqual(ids.filter((id) => id > lastBefore));
    });
  });

  describe('escalation', () => {
    it('escalates an unacknowledged alert when the clock passes its limit; the county hears of it, the acknowledged one stays', async () => {
      const county = await stream(await supervisor(COUNTY), '?level=county');
      const township = await stream(await supervisor(T2));
      for (const client of [county, township]) await client.until('snapshot', (r) => r.some((m) => m.event === 'SnapshotComplete'));

      clock.set(at('2021-06-07'));
      const late = await raise(T2, 'escalate-me');
      const handled = await raise(T2, 'acknowledged-in-time');
      await post(`/alerts/${handled}/acknowledgement`, await supervisor(T2)).expect(201);
      await township.until('the raise', (r) => r.some((m) => m.event === 'WarningRaised' && m.data.alert.warningId === late));
      const raised = township.about(late)[0].data.alert;
      expect(raised).toMatchObject({ level: 'township', status: 'open', acknowledgeBy: expect.any(String) });
      const before = await http().get(`/alerts/${late}`).set('Authorization', await supervisor(T2)).expect(200);
      expect(before.body.state).toMatchObject({ status: 'open', level: 'township' });

      clock.set(new Date(Date.parse(raised.acknowledgeBy) + 60_000));
      const isEscalation = (m: Received) => m.event === 'WarningEscalated' && m.data.alert.warningId === late;
      await county.until('the escalation', (r) => r.some(isEscalation));
      await township.until('the escalation', (r) => r.some(isEscalation));
      expect(county.about(late).map((m) => m.event)).toEqual(['WarningEscalated']);
      expect(county.received.find(isEscalation)?.data).toMatchObject({
        alert: { level: 'county', status: 'escalated', escalations: 1, acknowledged: null },
        change: { type: 'WarningEscalated', actor: { id: 'rules-engine' } },
      });
      const kept = await http().get(`/alerts/${handled}`).set('Authorization', await supervisor(T2)).expect(200);
      expect(kept.body.state).toMatchObject({ status: 'acknowledged', level: 'township', escalations: 0 });
    });
  });

  describe('the stream itself', () => {
    it('answers text/event-stream with heartbeats, and lets go of its subscription when the client goes', async () => {
      const service = app.get(AlertStreamService);
      await waitUntil('earlier streams to end', () => service.connections === 0);
      const abort = new AbortController();
      const response = await fetch(`${base}/alerts/stream`, { headers: { Authorization: await supervisor(T1) }, signal: abort.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toContain('no-cache');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': heartbeat')) text += decoder.decode((await reader.read()).value);
      expect(text).toMatch(/^retry: 100\n/);
      expect(service.connections).toBe(1);
      abort.abort();
      await reader.cancel().catch(() => undefined);
      await waitUntil('the stream to end', () => service.connections === 0);
    });

    it('needs a token and a reading role, and refuses a bad Last-Event-ID or filter naming it', async () => {
      const noToken = await http().get('/alerts/stream').expect(401);
      expect(noToken.headers['content-type']).toMatch(/problem\+json/);
      const clerk = await http().get('/alerts/stream').set('Authorization', await token('clerk-x', ['intake-clerk'], T1)).expect(403);
      expect(clerk.body.code).toBe('role-required');
      const outside = await http().get(`/alerts/stream?township=${T2}`).set('Authorization', await supervisor(T1)).expect(403);
      expect(outside.body.code).toBe('outside-jurisdiction');
      const badId = await http().get('/alerts/stream').set('Authorization', await supervisor(T1)).set('Last-Event-ID', 'x y').expect(400);
      expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'Last-Event-ID' })]);
      const badLevel = await http().get('/alerts/stream?level=province').set('Authorization', await supervisor(T1)).expect(400);
      expect(badLevel.body.errors).toEqual([expect.objectContaining({ field: 'level' })]);
    });

    it('is described in the OpenAPI document as an event stream with Last-Event-ID', async () => {
      const document = (await http().get('/docs/openapi.json').expect(200)).body;
      const operation = document.paths['/alerts/stream'].get;
      expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Last-Event-ID', in: 'header' })]));
      expect(operation.security).toEqual([{ bearer: [] }]);
    });
  });

  /** The ids the stream must have sent a county's supervisor after `after`, up to `upTo`: from the log itself. */
  async function expectedIds(county: string, after: string, upTo: string): Promise<string[]> {
    const store = app.get<EventStore>(EVENT_STORE);
    const townships = new Map<string, string>();
    const ids: string[] = [];
    for (let from = ''; ; ) {
      const page = await store.readAll({ from, maxCount: 500 });
      for (const event of page.events) {
        if (!event.streamId.startsWith('warning-')) continue;
        const data = event.data as { warningId: string; jurisdiction?: { township: string } };
        if (event.type === 'WarningRaised') townships.set(data.warningId, data.jurisdiction?.township ?? '');
        else if (event.checkpoint > after && event.checkpoint <= upTo && (townships.get(data.warningId) ?? '').startsWith(county)) {
          ids.push(event.checkpoint);
        }
      }
      from = page.next;
      if (page.isEnd) return ids;
    }
  }
});
