import { application, caseWorld, residentId } from './support/case-world';
import request from 'supertest';

const TOWNSHIP = '330602001';
const BATCH_ID = '330602001-202104';

/** A household of `size` members (1 to 3) declaring `wagesFen` a month; household `n` of the township. */
function householdApplication(n: number, size: number, wagesFen: number) {
  const relations = ['applicant', 'spouse', 'child'];
  const members = relations.slice(0, size).map((relation, m) => ({
    relation,
    personal: { name: `户${n}成员${m + 1}`, idNumber: residentId(`33060219${70 + n}0101${String(100 + m)}`) },
  }));
  return application(TOWNSHIP, members, { monthlyIncomeFen: { wages: wagesFen } });
}

/** One township's April, then May: the tests run in order, each on what the one before left. */
describe("a township's monthly payment batch over HTTP", () => {
  const world = caseWorld({ name: 'payments', start: '2021-03-01T01:00:00.000Z', tokenLifetimeDays: 90 });
  const { clock, token, post } = world;

  const clerk = () => token('clerk-1', ['intake-clerk'], TOWNSHIP);
  const approver = () => token('approver-1', ['township-approver'], TOWNSHIP);
  const auditor = () => token('auditor-1', ['auditor'], '3306');
  const get = async (path: string, status: number) => world.get(path, await clerk()).expect(status);

  /** The households: (890 × 3 − 900) + (890 × 2 − 300) + 890 × 1 = 1770 + 1480 + 890 元. */
  const households = [
    { size: 3, wagesFen: 90_000, dueFen: 177_000 },
    { size: 2, wagesFen: 30_000, dueFen: 148_000 },
    { size: 1, wagesFen: 0, dueFen: 89_000 },
  ];
  const caseIds: string[] = [];
  const paymentOf = (caseId: string) => `pay-${caseId}-2021-04-assistance`;

  async function approvedCase(n: number, size: number, wagesFen: number): Promise<string> {
    clock.set('2021-03-01T01:00:00.000Z');
    const caseId = await world.driveToPublicity(householdApplication(n, size, wagesFen), {
      clerk: await clerk(),
      reportRef: `HD-2021-${n}`,
      visitFindings: '住房简陋，收入与申报一致',
    });
    await world.approve(caseId, await approver());
    return caseId;
  }

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(TOWNSHIP, [{ programme: 'dibao' }], await token('reviewer-1', ['county-reviewer'], '330602'));
    for (const [n, h] of households.entries()) caseIds.push(await approvedCase(n + 1, h.size, h.wagesFen));
  });

  afterAll(() => world.close());

  it('runs April: every case paid its 补差, to the fen, through the bank and reconciled', async () => {
    const totalFen = households.reduce((sum, h) => sum + h.dueFen, 0);
    clock.set('2021-03-25T01:00:00.000Z');
    const run = await post(`/batches/${TOWNSHIP}/2021-04/run`, await clerk()).expect(201);
    expect(run.body.run).toMatchObject({ batchId: BATCH_ID, opened: true, cases: 3, refused: 0, failed: [] });
    expect(run.body.state).toMatchObject({ status: 'open', payments: { count: 3, totalFen } });
    expect(run.headers.etag).toBe(`"${run.body.revision}"`);

    clock.set('2021-03-28T01:00:00.000Z');
    const byClerk = await post(`/batches/${BATCH_ID}/submission`, await clerk(), { bankFileRef: 'SX-0328' }).expect(403);
    expect(byClerk.body.code).toBe('role-not-allowed');
    const submitted = await post(`/batches/${BATCH_ID}/submission`, await approver(), { bankFileRef: 'SX-0328' })
      .set('If-Match', run.headers.etag)
      .expect(201);
    expect(submitted.body.state).toMatchObject({ status: 'submitted', bankFileRef: 'SX-0328' });

    clock.set('2021-04-02T01:00:00.000Z');
    const results = caseIds.map((caseId, i) =>
      i === 1
        ? { paymentId: paymentOf(caseId), outcome: 'returned', bankReference: `BK-${i}`, reason: '账户已销户' }
        : { paymentId: paymentOf(caseId), outcome: 'paid', bankReference: `BK-${i}` },
    );
    const settled = await post(`/batches/${BATCH_ID}/settlement`, await clerk(), { results }).expect(201);
    expect(settled.body.settlement).toMatchObject({ results: 3, newOnBatch: 3, cases: { recorded: 3, failed: [] } });
    const returned = await get(`/cases/${caseIds[1]}`, 200);
    expect(returned.body.state.payments).toEqual([expect.objectContaining({ status: 'returned', amountFen: 148_000 })]);

    const reconciled = await post(`/batches/${BATCH_ID}/reconciliation`, await clerk()).expect(201);
    expect(reconciled.body.events[0].data).toMatchObject({
      result: 'reconciled',
      batchTotalFen: totalFen,
      casePaymentsTotalFen: totalFen,
      differenceFen: 0,
    });

    const summary = await get(`/batches/${BATCH_ID}`, 200);
    expect(summary.headers.etag).toBe(reconciled.headers.etag);
    expect(summary.body.state).toMatchObject({
      batchId: BATCH_ID,
      status: 'reconciled',
      payments: { count: 3, totalFen },
      byOutcome: { paid: { count: 2, totalFen: 177_000 + 89_000 }, returned: { count: 1, totalFen: 148_000 } },
      reconciliation: { result: 'reconciled', differenceFen: 0, differences: 0 },
    });

    const closed = await post(`/batches/${BATCH_ID}/closure`, await approver())
      .set('If-Match', summary.headers.etag)
      .expect(201);
    expect(closed.body.state.status).toBe('closed');
  });

  it('refuses the wrong roles: an auditor never runs a batch, a clerk never closes one', async () => {
    const byAuditor = await post(`/batches/${TOWNSHIP}/2021-05/run`, await auditor()).expect(403);
    expect(byAuditor.body.code).toBe('role-required');
    const byClerk = await post(`/batches/${BATCH_ID}/closure`, await clerk()).expect(403);
    expect(byClerk.body.code).toBe('role-not-allowed');
    await request(world.app.getHttpServer()).get(`/batches/${BATCH_ID}`).set('Authorization', await auditor()).expect(200);
    const elsewhere = await token('clerk-9', ['intake-clerk'], '330603001');
    const outside = await request(world.app.getHttpServer()).get(`/batches/${BATCH_ID}`).set('Authorization', elsewhere);
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('outside-jurisdiction');
  });

  it('answers a bad month or batch id with a 400 naming the field, and an unknown batch with a 404', async () => {
    const badMonth = await post(`/batches/${TOWNSHIP}/2021-13/run`, await clerk()).expect(400);
    expect(badMonth.body.errors).toEqual([expect.objectContaining({ field: 'month' })]);
    expect(badMonth.headers['content-type']).toMatch(/^application\/problem\+json/);
    const badCpi = await post(`/batches/${TOWNSHIP}/2021-05/run`, await clerk(), {
      cpi: { month: '2021-04', cpiYoY: 'high' },
    }).expect(400);
    expect(badCpi.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['cpi.cpiYoY', 'cpi.foodCpiYoY']),
    );
    const badBatch = await post('/batches/330602001-2021/submission', await approver(), { bankFileRef: 'SX-1' }).expect(400);
    expect(badBatch.body.errors).toEqual([expect.objectContaining({ field: 'batchId' })]);
    const noResults = await post(`/batches/${BATCH_ID}/settlement`, await clerk(), { results: [] }).expect(400);
    expect(noResults.body.errors).toEqual([expect.objectContaining({ field: 'results' })]);
    await get('/batches/330602001-202112', 404);
  });

  it('reissues the returned payment once through May’s batch; a second reissue is a 409', async () => {
    clock.set('2021-04-22T01:00:00.000Z');
    const may = await post(`/batches/${TOWNSHIP}/2021-05/run`, await clerk()).expect(201);
    expect(may.body.state.payments.count).toBe(3);

    const path = `/cases/${caseIds[1]}/payments/${paymentOf(caseIds[1])}/reissue`;
    const reissued = await post(path, await clerk(), { batchId: '330602001-202105' })
      .set('Idempotency-Key', 'reissue-2021-04-22-1')
      .expect(201);
    expect(reissued.body.events[0]).toMatchObject({ type: 'PaymentReissued', data: { amountFen: 148_000 } });
    const retry = await post(path, await clerk(), { batchId: '330602001-202105' })
      .set('Idempotency-Key', 'reissue-2021-04-22-1')
      .expect(201);
    expect(retry.body.replayed).toBe(true);

    const again = await post(path, await clerk(), { batchId: '330602001-202105' }).expect(409);
    expect(again.body.code).toBe('payment-already-reissued');
    const mayBatch = await get('/batches/330602001-202105', 200);
    expect(mayBatch.body.state.payments).toEqual({ count: 4, totalFen: 177_000 + 148_000 + 89_000 + 148_000 });
  });

  it("shows the payment ledger: a case's payments and the township's month with its reconciliation", async () => {
    const head = (await world.get('/health', await clerk()).expect(200)).body.log.checkpoint as string;
    const month = await world
      .get(`/payment-ledger/townships/${TOWNSHIP}/2021-04`, await auditor(), { waitFor: head })
      .expect(200);
    expect(month.body.byStatus.paid).toEqual({ count: 2, totalFen: 177_000 + 89_000 });
    expect(month.body.reconciliation).toMatchObject({ batchId: BATCH_ID, differenceFen: 0, result: 'reconciled' });

    const ledger = await world.get(`/payment-ledger/cases/${caseIds[1]}`, await clerk(), { waitFor: head }).expect(200);
    const original = ledger.body.payments.find((p: { paymentId: string }) => p.paymentId === paymentOf(caseIds[1]));
    expect(original).toMatchObject({ status: 'reissued', amountFen: 148_000, reissuedAs: expect.any(String) });
    expect(ledger.body.payments.find((p: { paymentId: string }) => p.paymentId === original.reissuedAs)).toMatchObject({
      status: 'scheduled',
      amountFen: 148_000,
      batchId: '330602001-202105',
    });

    const outside = await token('clerk-9', ['intake-clerk'], '330603001');
    await world.get(`/payment-ledger/cases/${caseIds[1]}`, outside).expect(403);
  });
});
