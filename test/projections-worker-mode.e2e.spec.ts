import { createApp } from '../apps/api/src/app.module';
import { WORK_QUEUE, workQueueProjection } from '@app/assistance-cases/read-models/work-queue.projection';
import { ensureTreeHeadKey } from '@app/integrity';
import { createEventStore, type EventStore } from '@app/ledger';
import { FixedClock, loadConfig, SequentialIdSource, type AppConfig } from '@app/platform';
import { toEventStoreConfig } from '@app/platform/config';
import { createReadStore, ProjectionObserver, ProjectionRunner, readStoreConfig, type ReadStore } from '@app/projections';
import { PROJECTION_PROGRESS } from '@app/projections/nest';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { application } from './support/case-world';
import { bearer } from './support/tokens';

const TOWNSHIP = '330602001';

/**
 * A scaled deployment on one machine: the API runs with projectionsInProcess false, and a
 * ProjectionRunner started here, on connections of its own, plays the worker process.
 */
describe('the API in worker mode, with the projections applied by a worker', () => {
  let root: string;
  let config: AppConfig;
  let app: INestApplication;
  let worker: { store: EventStore; readStore: ReadStore; runner: ProjectionRunner } | undefined;
  const clock = new FixedClock('2021-03-01T01:00:00.000Z');
  const http = () => request(app.getHttpServer());

  async function submitCase(): Promise<{ caseId: string; checkpoint: string }> {
    const clerk = await bearer(config, clock, { sub: 'clerk-1', roles: ['intake-clerk'], unit: TOWNSHIP });
    const response = await http().post('/cases').set('Authorization', clerk).send(application(TOWNSHIP)).expect(201);
    return { caseId: response.body.state.caseId as string, checkpoint: response.body.checkpoint as string };
  }

  async function workQueue(waitFor: string, status: number): Promise<request.Response> {
    const approver = await bearer(config, clock, { sub: 'approver-1', roles: ['township-approver'], unit: TOWNSHIP });
    return http().get('/work-queue').query({ waitFor }).set('Authorization', approver).expect(status);
  }

  async function workQueueHealth(): Promise<{ body: { log: { checkpoint: string } }; projection: unknown }> {
    const response = await http().get('/health').expect(200);
    return { body: response.body, projection: response.body.projections.find((p: { name: string }) => p.name === WORK_QUEUE) };
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-worker-mode-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_POLL_INTERVAL_MS: '20', LEDGER_PROJECTIONS_IN_PROCESS: 'false' });
    // `ledger init` makes the notary's key, which an API whose notary runs in the worker needs.
    ensureTreeHeadKey(config.treeHeads);
    app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false, projections: [workQueueProjection] });
    await app.init();
  });

  afterAll(async () => {
    await worker?.runner.dispose();
    await worker?.readStore.close();
    await worker?.store.close();
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('follows the stored checkpoints instead of applying the projections itself', () => {
    expect(app.get(PROJECTION_PROGRESS)).toBeInstanceOf(ProjectionObserver);
  });

  it('while no worker runs: ?waitFor= is a 503 with Retry-After, and /health shows the lag', async () => {
    const { checkpoint } = await submitCase();
    const response = await workQueue(checkpoint, 503);
    expect(response.headers['retry-after']).toBe('1');
    const { projection } = await workQueueHealth();
    expect(projection).toMatchObject({ name: WORK_QUEUE, state: 'catching-up', lag: expect.any(Number) });
    expect((projection as { lag: number }).lag).toBeGreaterThan(0);
  }, 15_000);

  it("once the worker runs: ?waitFor= answers from the worker's rows, and /health shows it live with lag 0", async () => {
    const store = await createEventStore(toEventStoreConfig(config));
    const readStore = await createReadStore(readStoreConfig(config));
    worker = { store, readStore, runner: new ProjectionRunner({ store, readStore, projections: [workQueueProjection] }) };
    await worker.runner.start();

    const { caseId, checkpoint } = await submitCase();
    const response = await workQueue(checkpoint, 200);
    expect(response.body.items.map((item: { caseId: string }) => item.caseId)).toContain(caseId);
    expect(response.body.total).toBe(2);

    const { body, projection } = await workQueueHealth();
    expect(projection).toEqual({ name: WORK_QUEUE, version: 1, state: 'live', lag: 0, checkpoint: body.log.checkpoint });
  });
});
