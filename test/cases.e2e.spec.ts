import { application, caseWorld, household } from './support/case-world';
import request from 'supertest';

const DELEGATED = '330602001';
const NOT_DELEGATED = '330602002';
const OTHER_COUNTY_TOWNSHIP = '330603001';

describe('an assistance case over HTTP, from application to decision', () => {
  const world = caseWorld({ name: 'cases', start: '2021-03-01T01:00:00.000Z', tokenLifetimeDays: 30 }); // Monday 09:00 in Shaoxing
  const { clock, token, post } = world;

  const clerk = (unit = DELEGATED) => token(`clerk-${unit}`, ['intake-clerk'], unit);
  const approver = (unit = DELEGATED) => token(`approver-${unit}`, ['township-approver'], unit);
  const countyReviewer = (unit = '330602') => token(`reviewer-${unit}`, ['county-reviewer'], unit);
  const auditor = () => token('auditor-1', ['auditor'], '3306');

  /** Everything before a decision: acceptance, 核对, a visit by two, an eligible opinion, publicity run out. */
  const readyForDecision = (township: string, members = household()) =>
    world.driveToPublicity(application(township, members));

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(DELEGATED);
  });

  afterAll(() => world.close());

  afterEach(() => clock.set('2021-03-01T01:00:00.000Z'));

  describe('a 低保 case in a township holding the delegation', () => {
    it('is approved by the township at (890 − 300) × 3 = 1770 元 a month, under the delegation and the 2021 standard', async () => {
      const caseId = await readyForDecision(DELEGATED);
      clock.set('2021-03-09T01:00:00.000Z'); // the day after the 7 days of publicity
      const approved = await post(`/cases/${caseId}/approval`, await approver()).expect(201);

      expect(approved.headers.etag).toBe(`"${approved.body.revision}"`);
      const event = approved.body.events.at(-1);
      expect(event.type).toBe('CaseApproved');
      expect(event.data.award).toMatchObject({
        kind: 'monthly',
        monthlyAmountFen: 177_000,
        payableFrom: '2021-04',
        standard: { monthlyFen: 89_000, effectiveFrom: '2021-01-01', standardRef: { id: '3306/dibao/2021-01-01' } },
      });
      expect(event.data.decidedBy).toMatchObject({ officialId: `approver-${DELEGATED}`, level: 'township' });
      expect(event.metadata.delegationId).toEqual(expect.any(String));
      expect(event.metadata.delegationId).toBe(event.data.delegationId);
      expect(event.metadata.actor).toEqual({ id: `approver-${DELEGATED}`, role: 'township-approver', unit: DELEGATED });

      const read = await request(world.app.getHttpServer())
        .get(`/cases/${caseId}`)
        .set('Authorization', await clerk())
        .expect(200);
      expect(read.body.state).toMatchObject({ status: 'approved', nextAction: null });
      expect(read.headers.etag).toBe(approved.headers.etag);
    });

    it('cannot be decided before its publicity has run', async () => {
      const caseId = await readyForDecision(DELEGATED);
      const early = await post(`/cases/${caseId}/approval`, await approver()).expect(409);
      expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('is rejected with reasons and a written notice due within 3 working days', async () => {
      const caseId = await readyForDecision(DELEGATED);
      clock.set('2021-03-09T01:00:00.000Z');
      const rejected = await post(`/cases/${caseId}/rejection`, await approver(), {
        reasons: ['核对发现家庭人均收入高于低保标准'],
      }).expect(201);
      const event = rejected.body.events.at(-1);
      expect(event).toMatchObject({ type: 'CaseRejected', data: { noticeDueBy: '2021-03-12' } });
      expect(event.data.reasons).toEqual(['核对发现家庭人均收入高于低保标准']);

      clock.set('2021-03-10T01:00:00.000Z');
      const notice = await post(`/cases/${caseId}/rejection-notice`, await clerk(), {
        sentOn: '2021-03-10',
        method: 'in-person',
      }).expect(201);
      expect(notice.body.events.at(-1)).toMatchObject({ type: 'RejectionNoticeSent', data: { late: false } });
    });
  });

  describe('a 低保 case in a township without a delegation', () => {
    it("goes to the county with the township's recommendation and is approved there", async () => {
      const caseId = await readyForDecision(NOT_DELEGATED);
      clock.set('2021-03-09T01:00:00.000Z');
      const submitted = await post(`/cases/${caseId}/approval`, await approver(NOT_DELEGATED)).expect(201);
      expect(submitted.body.events.at(-1).type).toBe('SubmittedForCountyConfirmation');
      expect(submitted.body.state.status).toBe('awaiting-county-confirmation');

      const confirmed = await post(`/cases/${caseId}/county-confirmation`, await countyReviewer(), {
        outcome: 'approve',
      }).expect(201);
      const event = confirmed.body.events.at(-1);
      expect(event).toMatchObject({ type: 'CaseApproved', data: { award: { monthlyAmountFen: 177_000 } } });
      expect(event.data.decidedBy).toMatchObject({ level: 'county', unit: '330602' });
      expect(event.metadata.delegationId).toBeUndefined();
    });
  });

  describe('bad input', () => {
    it('a wrong check digit is a 400 naming the member and field, and nothing is appended', async () => {
      const members = household();
      const bad = { ...members[1], personal: { ...members[1].personal, idNumber: '330602198202020020' } };
      const before = (await request(world.app.getHttpServer()).get('/health')).body.log.eventCount;
      const response = await post('/cases', await clerk(), application(DELEGATED, [members[0], bad, members[2]])).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'household.members[1].personal.idNumber' }),
      ]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await request(world.app.getHttpServer()).get('/health')).body.log.eventCount).toBe(before);
    });

    it('an unknown field or a missing pledge is a 400 naming it', async () => {
      const response = await post('/cases', await clerk(), {
        ...application(DELEGATED),
        honestyPledge: false,
        actor: { id: 'someone-else' },
      }).expect(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['honestyPledge', 'actor']));
    });
  });

  describe('roles and jurisdictions', () => {
    it('refuses a township approver of another county, an intake clerk deciding, and an auditor applying', async () => {
      const caseId = await readyForDecision(DELEGATED);
      clock.set('2021-03-09T01:00:00.000Z');
      const elsewhere = await post(`/cases/${caseId}/approval`, await approver(OTHER_COUNTY_TOWNSHIP)).expect(403);
      expect(elsewhere.body.code).toBe('outside-jurisdiction');
      await post(`/cases/${caseId}/approval`, await clerk()).expect(403);
      await post('/cases', await auditor(), application(DELEGATED)).expect(403);
      const read = await request(world.app.getHttpServer())
        .get(`/cases/${caseId}`)
        .set('Authorization', await clerk(OTHER_COUNTY_TOWNSHIP))
        .expect(403);
      expect(read.body.code).toBe('outside-jurisdiction');
    });

    it('refuses a request without a token', async () => {
      await request(world.app.getHttpServer()).post('/cases').send(application(DELEGATED)).expect(401);
    });
  });

  describe('concurrency and retries', () => {
    it('answers a stale If-Match with 412 and appends nothing', async () => {
      const caseId = await readyForDecision(DELEGATED);
      const current = await request(world.app.getHttpServer()).get(`/cases/${caseId}`).set('Authorization', await clerk());
      const stale = `"${current.body.revision - 1}"`;
      const refused = await post(`/cases/${caseId}/objections`, await clerk(), {
        receivedOn: '2021-03-02',
        summary: '邻居反映其家庭有出租房收入',
      })
        .set('If-Match', stale)
        .expect(412);
      expect(refused.body).toMatchObject({ status: 412, actual: current.body.revision });
      const after = await request(world.app.getHttpServer()).get(`/cases/${caseId}`).set('Authorization', await clerk());
      expect(after.headers.etag).toBe(current.headers.etag);
    });

    it('gives a repeated Idempotency-Key the same response and one set of events', async () => {
      const auth = await clerk();
      const send = () => post('/cases', auth, application(DELEGATED)).set('Idempotency-Key', 'intake-2021-03-01-0042');
      const first = await send().expect(201);
      const retry = await send().expect(201);

      expect(retry.body.state.caseId).toBe(first.body.state.caseId);
      expect(retry.body.events).toEqual(first.body.events);
      expect(retry.body.replayed).toBe(true);
      const stream = await request(world.app.getHttpServer())
        .get(`/streams/case-${first.body.state.caseId}`)
        .set('Authorization', await auditor())
        .expect(200);
      expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['ApplicationSubmitted']);
    });
  });

  describe('a household with a declared near relative of an official', () => {
    it('is flagged at submission and cannot be approved before a county home visit', async () => {
      const admin = await token('admin-1', ['admin'], '3306');
      await post('/officials', admin, {
        officialId: 'clerk-relative',
        roles: ['intake-clerk'],
        unit: DELEGATED,
        personal: { name: '王建军' },
      }).expect(201);
      const members = household('330602197512120');
      await post('/officials/clerk-relative/near-relatives', admin, {
        personal: { idNumber: members[0].personal.idNumber, name: members[0].personal.name },
        relation: 'sibling',
      }).expect(201);

      const caseId = await readyForDecision(DELEGATED, members);
      const stream = await request(world.app.getHttpServer())
        .get(`/streams/case-${caseId}`)
        .set('Authorization', await auditor())
        .expect(200);
      expect(stream.body.events.slice(0, 2).map((e: { type: string }) => e.type)).toEqual([
        'ApplicationSubmitted',
        'NearRelativeCaseRegistered',
      ]);

      clock.set('2021-03-09T01:00:00.000Z');
      const refused = await post(`/cases/${caseId}/approval`, await approver()).expect(409);
      expect(refused.body.code).toBe('county-home-visit-required');

      await post(`/cases/${caseId}/home-visits`, await countyReviewer(), {
        visitedOn: '2021-03-09',
        investigatorIds: ['reviewer-a', 'reviewer-b'],
        byCounty: true,
        mode: 'in-person',
        findings: '县级入户核查：与申报一致',
      }).expect(201);
      const approved = await post(`/cases/${caseId}/approval`, await approver()).expect(201);
      expect(approved.body.events.at(-1).type).toBe('CaseApproved');
    });
  });
});
