import { createApp } from '../apps/api/src/app.module';
import { workQueueProjection } from '@app/assistance-cases/read-models/work-queue.projection';
import { FixedClock, loadConfig, SequentialIdSource, type AppConfig } from '@app/platform';
import type { Role } from '@app/platform/roles';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { application } from './support/case-world';
import { bearer } from './support/tokens';

const OWN = '330602001';
const NEIGHBOUR = '330602002';
const OTHER_COUNTY = '330603001';

describe('the township work queue over HTTP', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  const clock = new FixedClock('2021-03-01T01:00:00.000Z'); // Monday 09:00 in Shaoxing
  const token = (sub: string, roles: Role[], unit: string) => bearer(config, clock, { sub, roles, unit });
  const http = () => request(app.getHttpServer());

  /** Submits a case in the township; returns its id and the checkpoint of the write. */
  async function submit(township: string): Promise<{ caseId: string; checkpoint: string }> {
    const clerk = await token(`clerk-${township}`, ['intake-clerk'], township);
    const response = await http().post('/cases').set('Authorization', clerk).send(application(township)).expect(201);
    return { caseId: response.body.state.caseId as string, checkpoint: response.body.checkpoint as string };
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-work-queue-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    app = await createApp(config, {
      clock,
      ids: new SequentialIdSource(),
      logger: false,
      projections: [workQueueProjection],
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("shows a township approver only their own township's open cases, with the step and who may take it", async () => {
    const own = await submit(OWN);
    const neighbour = await submit(NEIGHBOUR);
    const approver = await token(`approver-${OWN}`, ['township-approver'], OWN);

    const response = await http()
      .get('/work-queue')
      .query({ waitFor: neighbour.checkpoint }) // written after the case of the own township
      .set('Authorization', approver)
      .expect(200);

    expect(response.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([own.caseId]);
    expect(response.body.items[0]).toMatchObject({
      townshipCode: OWN,
      nextStep: 'accept-application',
      roles: ['intake-clerk', 'township-approver'],
      overdue: false,
      notBefore: null,
    });
    expect(response.body).toMatchObject({ page: 1, total: 1 });
  });

  it('refuses (403) a township outside the caller’s unit, and lets the county see all of its townships', async () => {
    const approver = await token(`approver-${OWN}`, ['township-approver'], OWN);
    await http().get('/work-queue').query({ township: NEIGHBOUR }).set('Authorization', approver).expect(403);
    await http().get('/work-queue').query({ township: OTHER_COUNTY }).set('Authorization', approver).expect(403);

    const reviewer = await token('reviewer-330602', ['county-reviewer'], '330602');
    const county = await http().get('/work-queue').set('Authorization', reviewer).expect(200);
    expect(county.body.total).toBe(2);
    const township = await http().get('/work-queue').query({ township: NEIGHBOUR }).set('Authorization', reviewer).expect(200);
    expect(township.body.items.map((item: { townshipCode: string }) => item.townshipCode)).toEqual([NEIGHBOUR]);
  });

  it('refuses roles outside township staff and county, and a page larger than 100', async () => {
    const auditor = await token('auditor-1', ['auditor'], '3306');
    await http().get('/work-queue').set('Authorization', auditor).expect(403);
    const clerk = await token(`clerk-${OWN}`, ['intake-clerk'], OWN);
    await http().get('/work-queue').query({ pageSize: 101 }).set('Authorization', clerk).expect(400);
  });
});
