import { application, caseWorld } from './support/case-world';

const TOWNSHIP = '330602001';
const OTHER_TOWNSHIP = '330602002';
const PURPOSE = '2021年低保专项治理抽查';

describe('the history of a case approved under delegation, read as of a point in time', () => {
  const world = caseWorld({ name: 'case-history', start: '2021-03-01T01:00:00.000Z', tokenLifetimeDays: 30 });
  const { clock, token, get } = world;
  let caseId: string;
  let approvedRevision: number;
  let approvedAt: string;

  const clerk = () => token('clerk-1', ['intake-clerk'], TOWNSHIP);
  const approver = (unit = TOWNSHIP) => token(`approver-${unit}`, ['township-approver'], unit);
  const inspector = () => token('inspector-1', ['discipline-inspector'], '3306');
  const readers = async () =>
    (await get(`/cases/${caseId}/readers`, await inspector(), { from: '2021-03-01', to: '2021-03-31' }).expect(200)).body;

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(TOWNSHIP, [{ programme: 'dibao' }], await token('reviewer-1', ['county-reviewer'], '330602'));
    caseId = await world.driveToPublicity(application(TOWNSHIP), { clerk: await clerk() });

    // Recorded times come from the store's own clock: keep the decision visibly later than what preceded it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const approved = await world.approve(caseId, await approver());
    const decision = approved.body.events.find((event: { type: string }) => event.type === 'CaseApproved');
    approvedRevision = decision.revision;
    approvedAt = decision.recordedAt;
    clock.set('2021-03-10T02:00:00.000Z');
  });

  afterAll(() => world.close());

  it('before and after the decision differ by exactly the CaseApproved event and the status it brought', async () => {
    const auth = await inspector();
    const before = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision - 1), purpose: PURPOSE }).expect(200);
    const after = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision), purpose: PURPOSE }).expect(200);

    expect(before.body.revision).toBe(approvedRevision - 1);
    expect(after.body.events).toHaveLength(before.body.events.length + 1);
    expect(after.body.events.slice(0, -1)).toEqual(before.body.events);
    expect(before.body.events.map((e: { type: string }) => e.type)).not.toContain('CaseApproved');
    expect(before.body.state.status).toBe('in-publicity');
    expect(after.body.state.status).toBe('approved');

    const decision = after.body.events.at(-1);
    expect(decision).toMatchObject({
      revision: approvedRevision,
      type: 'CaseApproved',
      actor: { id: `approver-${TOWNSHIP}`, role: 'township-approver', unit: TOWNSHIP },
      occurredAt: '2021-03-09T01:00:00.000Z',
      delegationId: expect.any(String),
      standardRef: { id: '3306/dibao/2021-01-01' },
      prevHash: before.body.events.at(-1).hash,
    });
    expect(decision.delegationId).toBe(decision.data.delegationId);
    expect(after.body.events[0]).toMatchObject({ revision: 0, prevHash: '0'.repeat(64), delegationId: null, standardRef: null });
    expect(JSON.stringify(after.body.events)).not.toContain('王建国');
  });

  it('as of an instant before the approval it is the same as as of the revision before it', async () => {
    const auth = await inspector();
    const instant = new Date(Date.parse(approvedAt) - 1).toISOString();
    const byRevision = await get(`/cases/${caseId}/history`, auth, { asOf: String(approvedRevision - 1), purpose: PURPOSE }).expect(200);
    const byInstant = await get(`/cases/${caseId}/history`, auth, { asOf: instant, purpose: PURPOSE }).expect(200);
    expect(byInstant.body.events).toEqual(byRevision.body.events);
    expect(byInstant.body.revision).toBe(approvedRevision - 1);
    expect(byInstant.body.state.status).toBe('in-publicity');
  });

  it('leaves an access record of every read, listed with its purpose among the readers', async () => {
    const auth = await inspector();
    const read = await get(`/cases/${caseId}/history`, auth, { asOf: '3', purpose: '核查入户调查记录' }).expect(200);
    expect(read.body.accessRecord.streamId).toBe('access-20210310');

    const { reads } = await readers();
    expect(reads).toContainEqual({
      readerId: 'inspector-1',
      role: 'discipline-inspector',
      unit: '3306',
      purpose: '核查入户调查记录',
      asOf: '3',
      readAt: '2021-03-10T02:00:00.000Z',
      accessRecord: read.body.accessRecord,
    });
  });

  it("lets the township's own staff read without a purpose, and records that read too", async () => {
    const read = await get(`/cases/${caseId}/history`, await clerk()).expect(200);
    expect(read.body.state.status).toBe('approved');
    expect((await readers()).reads).toContainEqual(expect.objectContaining({ readerId: 'clerk-1', purpose: null, asOf: null }));
  });

  it('refuses an approver of another township with 403 and records nothing', async () => {
    const before = (await readers()).reads.length;
    const refused = await get(`/cases/${caseId}/history`, await approver(OTHER_TOWNSHIP)).expect(403);
    expect(refused.body.code).toBe('outside-jurisdiction');
    expect((await readers()).reads).toHaveLength(before);
  });

  it('refuses an inspector without a purpose with 400 naming purpose, and records nothing', async () => {
    const before = (await readers()).reads.length;
    const refused = await get(`/cases/${caseId}/history`, await inspector()).expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    expect((await readers()).reads).toHaveLength(before);
  });

  it('refuses a malformed asOf, a range of readers over 92 days, and the access log to township staff', async () => {
    const auth = await inspector();
    const bad = await get(`/cases/${caseId}/history`, auth, { asOf: 'yesterday', purpose: PURPOSE }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    const wide = await get(`/cases/${caseId}/readers`, auth, { from: '2021-01-01', to: '2021-06-30' }).expect(400);
    expect(wide.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    await get(`/cases/${caseId}/readers`, await clerk(), { from: '2021-03-01', to: '2021-03-31' }).expect(403);
  });
});
