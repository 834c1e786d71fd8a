import { NOTARY } from '@app/integrity/nest';
import type { Notary } from '@app/integrity/notary';
import { application, caseWorld } from './support/case-world';

const T1 = '330602001';
const T2 = '330602002';
const OTHER_COUNTY_TOWNSHIP = '330603001';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

interface Listed {
  readonly campaignId: string;
  readonly status: string;
  readonly [key: string]: unknown;
}

describe('the list of special inspection campaigns (GET /inspections) within a jurisdiction', () => {
  const world = caseWorld({ name: 'inspections-list', tokenLifetimeDays: 120 });
  const { clock, token, post, get } = world;
  const inspector = () => token('jjjc-330602', ['discipline-inspector'], '330602');
  let drawn: string;
  let waiting: string;
  let neighbour: string;
  let elsewhere: string;
  let checkpoint: string;

  const signTheLog = async () => {
    const notary = world.app.get<Notary>(NOTARY);
    clock.advance(60_000);
    await notary.catchUp();
    clock.advance(10_000);
    await notary.catchUp();
  };
  const open = async (by: string, title: string, townships: string[], from: string) =>
    (await post('/inspections', by, { title, townships, programmes: ['dibao'], period: { from, to: '2021-06-30' }, sampleSize: 1 }).expect(201)).body
      .state.campaignId as string;

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(T1);
    const caseId = await world.driveToPublicity(application(T1));
    await world.approve(caseId, await token('approver-1', ['township-approver'], T1));
    await signTheLog();

    clock.set(at('2021-04-01'));
    drawn = await open(await inspector(), '2021年城南街道低保专项治理', [T1], '2021-04-01');
    await signTheLog();
    await post(`/inspections/${drawn}/draw`, await inspector()).expect(201);
    const found = await post(`/inspections/${drawn}/findings`, await inspector(), {
      townshipCode: T1, findingClass: 'publicity-irregular', description: '未按规定公示', responsibleOfficials: ['clerk-1'], amountFen: 12_000,
    }).expect(201);
    const findingId = found.body.state.findings[0].findingId;
    await post(`/inspections/${drawn}/findings/${findingId}/rectification-order`, await inspector(), { requirement: '重新公示', dueBy: '2021-04-30' }).expect(201);

    clock.set(at('2021-04-02'));
    waiting = await open(await inspector(), '2021年越城区特困供养专项检查', [T1, T2], '2021-04-02');
    neighbour = await open(await inspector(), '2021年城北街道专项检查', [T2], '2021-04-02');
    clock.set(at('2021-04-03'));
    const otherInspector = await token('jjjc-330603', ['discipline-inspector'], '330603');
    const last = await post('/inspections', otherInspector, {
      title: '2021年柯桥区低保专项治理', townships: [OTHER_COUNTY_TOWNSHIP], programmes: ['dibao'], period: { from: '2021-04-03', to: '2021-06-30' }, sampleSize: 1,
    }).expect(201);
    elsewhere = last.body.state.campaignId;
    checkpoint = last.body.checkpoint;
    clock.set(at('2021-05-06'));
  }, 60_000);
  afterAll(() => world.close());

  it("lists the county's campaigns newest first, with status, period, sample, findings and rectifications, and not another county's", async () => {
    const response = await get('/inspections', await inspector(), { waitFor: checkpoint }).expect(200);
    expect(response.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    const items = response.body.items as Listed[];
    // Opened on 2 April (both) before the one opened on 1 April.
    expect(items.slice(0, 2).map((c) => c.campaignId).sort()).toEqual([waiting, neighbour].sort());
    expect(items[2]!.campaignId).toBe(drawn);
    expect(items.find((c) => c.campaignId === drawn)).toEqual({
      campaignId: drawn,
      title: '2021年城南街道低保专项治理',
      unit: '330602',
      scope: { townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, sampleSize: 1, sampleRatio: null },
      openedAt: at('2021-04-01'),
      status: 'rectifying',
      sample: { size: 1, population: 1, treeSize: expect.any(Number) },
      visits: 0,
      findings: { total: 1, amountFen: 12_000 },
      rectifications: { total: 1, open: 1, overdue: 1, closedOut: 0 },
      revision: 3,
    });
    expect(items.find((c) => c.campaignId === waiting)).toMatchObject({ status: 'awaiting-draw', sample: null, findings: { total: 0, amountFen: 0 } });
    expect(items.map((c) => c.campaignId)).not.toContain(elsewhere);
  });

  it('lets a township read the campaigns whose scope names it, and the city every campaign under it', async () => {
    const t1 = await get('/inspections', await token('approver-1', ['township-approver'], T1), { waitFor: checkpoint }).expect(200);
    expect((t1.body.items as Listed[]).map((c) => c.campaignId).sort()).toEqual([drawn, waiting].sort());
    expect(t1.body.total).toBe(2);

    const t2 = await get('/inspections', await token('approver-2', ['township-approver'], T2)).expect(200);
    expect((t2.body.items as Listed[]).map((c) => c.campaignId).sort()).toEqual([neighbour, waiting].sort());

    const city = await get('/inspections', await token('admin-1', ['admin'], '3306')).expect(200);
    expect(city.body.total).toBe(4);
    expect((city.body.items as Listed[])[0]!.campaignId).toBe(elsewhere);

    const other = await get('/inspections', await token('approver-9', ['township-approver'], '330602009')).expect(200);
    expect(other.body).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
  });

  it('pages through them and refuses a page size above 100 with a 400 naming it', async () => {
    const first = await get('/inspections', await inspector(), { pageSize: '2' }).expect(200);
    const second = await get('/inspections', await inspector(), { pageSize: '2', page: '2' }).expect(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    const ids = [...first.body.items, ...second.body.items].map((c: Listed) => c.campaignId);
    expect(new Set(ids).size).toBe(3);

    const bad = await get('/inspections', await inspector(), { pageSize: '101' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'pageSize' })]);
  });

  it('still serves a campaign by its id next to the list', async () => {
    await get(`/inspections/${drawn}`, await inspector()).expect(200);
    await get(`/inspections/${elsewhere}`, await inspector()).expect(403);
  });
});
