import { EVENT_STORE, type EventStore, handleCommand } from '@app/ledger';
import { WARNING_DECIDER } from '@app/warnings/nest';
import { RULES_ENGINE_ACTOR, type RaiseWarning } from '@app/warnings/warning.commands';
import type { WarningDecider } from '@app/warnings/warning.decider';
import { warningStreamId } from '@app/warnings/warning.events';
import { warningIdOf } from '@app/warnings/engine/warning-ids';
import { randomUUID } from 'node:crypto';
import { application, caseWorld, household } from './support/case-world';

const T1 = '330602001';
const T2 = '330602002';
const COUNTY = '330602';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

/** The list, detail, commands and integrity index of alerts, over HTTP with real tokens. */
describe('alerts over HTTP: the list, one warning, its commands and the township integrity index', () => {
  const world = caseWorld({ name: 'alerts-http', start: at('2021-03-01'), tokenLifetimeDays: 120 });
  const { clock, token, post, get } = world;

  const supervisor = (unit: string) => token(`supervisor-${unit}`, ['supervisor'], unit);
  const approver = (unit = T1) => token(`approver-${unit}`, ['township-approver'], unit);
  const auditor = () => token('auditor-1', ['auditor'], '3306');
  const clerk = (unit = T1) => token(`clerk-${unit}`, ['intake-clerk'], unit);

  /** Raised through the warning command path as the rules engine raises it; returns its id and checkpoint. */
  async function raise(township: string, key: string, severity: RaiseWarning['data']['severity'] = 'medium', ruleId = 'test-rule') {
    const warningId = warningIdOf(ruleId, key);
    const now = clock.now().toISOString();
    const result = await handleCommand(
      world.app.get<EventStore>(EVENT_STORE),
      world.app.get<WarningDecider>(WARNING_DECIDER),
      warningStreamId(warningId),
      {
        type: 'RaiseWarning',
        data: { warningId, ruleId, ruleTitle: '测试规则', severity, key, township, caseId: null, evidence: [`evidence-${key}`], summary: `预警 ${key}`, details: { key } },
        metadata: { now, actor: RULES_ENGINE_ACTOR },
      } satisfies RaiseWarning,
      {
        metadata: { actor: RULES_ENGINE_ACTOR, commandId: randomUUID(), correlationId: randomUUID(), causationId: null, occurredAt: now },
        newEventId: () => randomUUID(),
      },
    );
    return { warningId, checkpoint: result.append?.checkpoint as string };
  }

  /** The fields a 400 names. */
  const fieldsOf = (body: { errors: { field: string }[] }) => [...new Set(body.errors.map((error) => error.field))];

  /** The ids of a list answer. */
  const ids = (body: { items: { warningId: string }[] }) => body.items.map((item) => item.warningId);

  beforeAll(async () => {
    await world.open();
  });
  afterAll(() => world.close());

  describe('the list and one warning', () => {
    let low: string;
    let high: string;
    let other: string;
    let last: string;

    beforeAll(async () => {
      clock.set(at('2021-04-01'));
      low = (await raise(T1, 'list-low', 'low')).warningId;
      clock.set(at('2021-04-10'));
      high = (await raise(T1, 'list-high', 'high', 'other-rule')).warningId;
      const raised = await raise(T2, 'list-other', 'medium');
      other = raised.warningId;
      last = raised.checkpoint;
      clock.set(at('2021-04-12'));
    });

    it("lists a county's warnings newest first once the read model has the write, each with its age and overdue flags", async () => {
      const all = await get('/alerts', await supervisor(COUNTY), { waitFor: last, rule: 'test-rule,other-rule' }).expect(200);
      expect(ids(all.body)).toEqual([other, high, low]);
      expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(all.body.items[2]).toMatchObject({
        warningId: low,
        ruleId: 'test-rule',
        severity: 'low',
        status: 'open',
        level: 'township',
        jurisdiction: { township: T1, county: COUNTY },
        ageDays: 11,
        acknowledgementOverdue: true,
        closeOverdue: false,
        revision: 1,
      });
      expect(all.body.items[1]).toMatchObject({ warningId: high, level: 'county', severity: 'high' });
    });

    it('filters by township, rule, severity, level, status and age, a page at a time', async () => {
      const auth = await supervisor(COUNTY);
      const list = async (query: Record<string, string>) => ids((await get('/alerts', auth, { rule: 'test-rule,other-rule', ...query }).expect(200)).body);
      expect(await list({ township: T1 })).toEqual([high, low]);
      expect(await list({ rule: 'other-rule' })).toEqual([high]);
      expect(await list({ severity: 'low,medium' })).toEqual([other, low]);
      expect(await list({ level: 'county' })).toEqual([high]);
      expect(await list({ status: 'closed' })).toEqual([]);
      expect(await list({ olderThanDays: '5' })).toEqual([low]);
      const page = await get('/alerts', auth, { rule: 'test-rule,other-rule', page: '2', pageSize: '2' }).expect(200);
      expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(ids(page.body)).toEqual([low]);
    });

    it("keeps each reader to their jurisdiction: a township's own, a county's own, the city's all", async () => {
      const query = { rule: 'test-rule,other-rule' };
      expect(ids((await get('/alerts', await supervisor(T2), query).expect(200)).body)).toEqual([other]);
      expect(ids((await get('/alerts', await approver(T1), query).expect(200)).body)).toEqual([high, low]);
      expect(ids((await get('/alerts', await auditor(), query).expect(200)).body)).toEqual([other, high, low]);
      expect(ids((await get('/alerts', await supervisor('330603'), query).expect(200)).body)).toEqual([]);
      const outside = await get('/alerts', await supervisor(T2), { township: T1 }).expect(403);
      expect(outside.body.code).toBe('outside-jurisdiction');
      await get('/alerts', await supervisor(T1), { county: '330603' }).expect(403);
      const byClerk = await get('/alerts', await clerk()).expect(403);
      expect(byClerk.body.code).toBe('role-required');
    });

    it('refuses a bad filter with a 400 naming it', async () => {
      const auth = await supervisor(COUNTY);
      for (const [field, value] of [
        ['severity', 'grave'],
        ['status', 'pending'],
        ['level', 'city'],
        ['township', '3306'],
        ['olderThanDays', '-1'],
        ['pageSize', '101'],
        ['waitFor', 'not a checkpoint'],
      ]) {
        const refused = await get('/alerts', auth, { [field]: value }).expect(400);
        expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    });

    it('shows one warning with its whole stream and its revision as ETag; 404 unknown, 403 outside', async () => {
      const detail = await get(`/alerts/${high}`, await supervisor(COUNTY)).expect(200);
      expect(detail.headers.etag).toBe('"1"');
      expect(detail.body).toMatchObject({
        streamId: `warning-${high}`,
        revision: 1,
        state: { warningId: high, status: 'open', level: 'county', ruleId: 'other-rule' },
      });
      expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['WarningRaised', 'WarningRouted']);
      expect(detail.body.events[0]).toMatchObject({ data: { details: { key: 'list-high' } }, integrity: { hash: expect.any(String) } });
      const unknown = await get(`/alerts/${randomUUID()}`, await supervisor(COUNTY)).expect(404);
      expect(unknown.headers['content-type']).toMatch(/problem\+json/);
      const outside = await get(`/alerts/${high}`, await supervisor(T2)).expect(403);
      expect(outside.body.code).toBe('outside-jurisdiction');
    });
  });

  describe('acknowledge, escalate, route and close', () => {
    it('acknowledges at its level, once (a retry with the same key gets the first answer); others of the wrong level are refused', async () => {
      const { warningId } = await raise(T1, 'ack');
      const byCounty = await post(`/alerts/${warningId}/acknowledgement`, await supervisor(COUNTY)).expect(403);
      expect(byCounty.body.code).toBe('not-warning-handler');
      const byAuditor = await post(`/alerts/${warningId}/acknowledgement`, await auditor()).expect(403);
      expect(byAuditor.body.code).toBe('role-required');
      const auth = await supervisor(T1);
      const send = () => post(`/alerts/${warningId}/acknowledgement`, auth, { note: '已安排入户核实' }).set('Idempotency-Key', `ack-${warningId}`);
      const first = await send().expect(201);
      expect(first.headers.etag).toBe('"2"');
      expect(first.body).toMatchObject({
        revision: 2,
        replayed: false,
        state: { status: 'open', level: 'township', acknowledged: { by: 'supervisor-330602001', level: 'township' } },
        events: [{ type: 'WarningAcknowledged', data: { note: '已安排入户核实', acknowledgedBy: 'supervisor-330602001' }, metadata: { actor: { role: 'supervisor' } } }],
      });
      const retried = await send().expect(201);
      expect(retried.body).toMatchObject({ replayed: true, events: first.body.events });
      const again = await post(`/alerts/${warningId}/acknowledgement`, await approver()).expect(409);
      expect(again.body.code).toBe('already-acknowledged');
      const listed = await get('/alerts', auth, { waitFor: first.body.checkpoint, status: 'acknowledged' }).expect(200);
      expect(ids(listed.body)).toContain(warningId);
    });

    it('escalates by hand against the revision the caller saw (412 when stale), then routes it back down', async () => {
      const { warningId } = await raise(T1, 'by-hand');
      const auth = await approver();
      const stale = await post(`/alerts/${warningId}/escalation`, auth, { note: '需县级协调' }).set('If-Match', '"0"').expect(412);
      expect(stale.body).toMatchObject({ expected: 0, actual: 1 });
      const escalated = await post(`/alerts/${warningId}/escalation`, auth, { note: '需县级协调', from: 'township' })
        .set('If-Match', '"1"')
        .expect(201);
      expect(escalated.body.events[0]).toMatchObject({ type: 'WarningEscalated', data: { from: 'township', to: 'county', reason: 'by-hand' } });
      const moved = await post(`/alerts/${warningId}/escalation`, await supervisor(COUNTY), { from: 'township' }).expect(409);
      expect(moved.body.code).toBe('level-changed');
      const byTownship = await post(`/alerts/${warningId}/routing`, auth, { level: 'township' }).expect(403);
      expect(byTownship.body.code).toBe('not-warning-handler');
      const routed = await post(`/alerts/${warningId}/routing`, await supervisor(COUNTY), { level: 'township' }).expect(201);
      expect(routed.body.state).toMatchObject({ level: 'township', escalations: 1 });
      const badLevel = await post(`/alerts/${warningId}/routing`, await supervisor(COUNTY), { level: 'province' }).expect(400);
      expect(badLevel.body.errors).toEqual([expect.objectContaining({ field: 'level' })]);
    });

    it('closes with a finding: confirming needs evidence, a closed warning takes no more', async () => {
      const { warningId } = await raise(T2, 'close');
      const auth = await supervisor(T2);
      const noReason = await post(`/alerts/${warningId}/closure`, auth, { finding: 'dismissed' }).expect(400);
      expect(fieldsOf(noReason.body)).toEqual(['reason']);
      const badFinding = await post(`/alerts/${warningId}/closure`, auth, { finding: 'maybe', reason: '?' }).expect(400);
      expect(badFinding.body.errors).toEqual([expect.objectContaining({ field: 'finding' })]);
      const unknownField = await post(`/alerts/${warningId}/closure`, auth, { finding: 'dismissed', reason: '误报', extra: 1 }).expect(400);
      expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'extra' })]);
      const noEvidence = await post(`/alerts/${warningId}/closure`, auth, { finding: 'confirmed', reason: '属实' }).expect(400);
      expect(noEvidence.body.errors).toEqual([expect.objectContaining({ field: 'evidence' })]);
      const closed = await post(`/alerts/${warningId}/closure`, auth, {
        finding: 'confirmed',
        reason: '经核实属实，已责令整改',
        evidence: ['核查报告-2021-17'],
      }).expect(201);
      expect(closed.body.state).toMatchObject({ status: 'closed', closed: { finding: 'confirmed', by: 'supervisor-330602002' } });
      const again = await post(`/alerts/${warningId}/acknowledgement`, auth).expect(409);
      expect(again.body.code).toBe('warning-closed');
      const detail = await get(`/alerts/${warningId}`, auth).expect(200);
      expect(detail.body.state).toMatchObject({ status: 'closed', closed: { finding: 'confirmed', evidence: ['核查报告-2021-17'] } });
      const unknown = await post(`/alerts/${randomUUID()}/closure`, auth, { finding: 'dismissed', reason: '误报' }).expect(404);
      expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    });
  });

  describe('the township integrity index', () => {
    it('counts warnings per 100 active cases, the confirmed ratio and overdue close-outs by township', async () => {
      clock.set(at('2021-03-01'));
      await world.seedStandards();
      await world.grantDelegation(T1);
      for (const n of [1, 2]) {
        clock.set(at('2021-03-01'));
        const caseId = await world.driveToPublicity(application(T1, household(`33060219800${n}010`)), { reportRef: `HD-${n}` });
        await world.approve(caseId, await approver());
      }
      clock.set(at('2021-07-01'));
      const { checkpoint } = await raise(T1, 'index-late', 'low');
      const index = await get('/integrity-index', await supervisor(COUNTY), { waitFor: checkpoint, date: '2021-07-30' }).expect(200);
      const t1 = index.body.townships.find((t: { township: string }) => t.township === T1);
      const t2 = index.body.townships.find((t: { township: string }) => t.township === T2);
      expect(index.body).toMatchObject({ unit: COUNTY, date: '2021-07-30', from: null });
      // T1: list-low, list-high, ack, by-hand and index-late, none closed, all past their close-out dates by 30 July.
      expect(t1).toMatchObject({ activeCases: 2, warnings: 5, closed: 0, confirmedRatio: null, warningsPer100Cases: 250, overdueCloseOuts: 5 });
      // T2: list-other (open), close (confirmed).
      expect(t2).toMatchObject({ activeCases: 0, warnings: 2, closed: 1, confirmed: 1, confirmedRatio: 1, warningsPer100Cases: null });

      const own = await get('/integrity-index', await approver(), { date: '2021-07-30' }).expect(200);
      expect(own.body.townships.map((t: { township: string }) => t.township)).toEqual([T1]);
      const outside = await get('/integrity-index', await supervisor(T1), { county: '330603' }).expect(403);
      expect(outside.body.code).toBe('outside-jurisdiction');
      const badDate = await get('/integrity-index', await supervisor(COUNTY), { date: '30/07/2021' }).expect(400);
      expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
    });
  });
});
