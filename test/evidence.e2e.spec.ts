import { type Notary, type SignedTreeHead } from '@app/integrity';
import { verifyBundle } from '@app/integrity/bundle/verify-bundle';
import { NOTARY } from '@app/integrity/nest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runLedger } from '../apps/cli/test/run-ledger';
import { application, caseWorld } from './support/case-world';

const TOWNSHIP = '330602001';
const PURPOSE = '2021年低保专项治理：核查审批过程';

const ledger = (...args: string[]) => runLedger({}, ...args);

describe("a case's evidence bundle over HTTP, checked offline", () => {
  const world = caseWorld({ name: 'evidence', start: '2021-03-01T01:00:00.000Z', tokenLifetimeDays: 30 });
  const { clock, token, get } = world;
  const inspector = () => token('inspector-1', ['discipline-inspector'], '3306');
  const clerk = () => token('clerk-1', ['intake-clerk'], TOWNSHIP);
  let caseId: string;
  let publicKeyPem: string;
  let dir: string;

  async function signTheLog(): Promise<SignedTreeHead> {
    const notary = world.app.get<Notary>(NOTARY);
    await notary.catchUp();
    clock.advance(10_000);
    await notary.catchUp();
    return (await get('/integrity/tree-heads/latest', await inspector()).expect(200)).body as SignedTreeHead;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-evidence-'));
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(TOWNSHIP);
    caseId = await world.driveToPublicity(application(TOWNSHIP), { clerk: await clerk() });
    await world.approve(caseId, await token('approver-1', ['township-approver'], TOWNSHIP));
    await signTheLog();
    publicKeyPem = (await request(world.app.getHttpServer()).get('/integrity/public-key').expect(200)).body.publicKeyPem;
  });
  afterAll(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives an inspector every event of the case with proofs against one signed head, which verifies offline', async () => {
    const response = await get(`/cases/${caseId}/evidence`, await inspector(), { purpose: PURPOSE }).expect(200);
    const bundle = response.body;
    const history = (await get(`/cases/${caseId}/history`, await inspector(), { purpose: PURPOSE }).expect(200)).body;
    expect(bundle).toMatchObject({ format: 'assistance-ledger/evidence-bundle/v1', streamId: `case-${caseId}` });
    expect(bundle.events.map((e: { eventId: string }) => e.eventId)).toEqual(history.events.map((e: { eventId: string }) => e.eventId));
    expect(verifyBundle(bundle, publicKeyPem)).toMatchObject({ ok: true, failures: [] });

    const file = join(dir, 'bundle.json');
    const keyFile = join(dir, 'public.pem');
    writeFileSync(file, JSON.stringify(bundle));
    writeFileSync(keyFile, publicKeyPem);
    expect(await ledger('bundle', 'verify', file, '--public-key', keyFile)).toMatchObject({ code: 0, stdout: expect.stringContaining('VALID') });

    // The inspector's copy with one event taken out no longer verifies, and says which.
    const removed = JSON.parse(readFileSync(file, 'utf8'));
    removed.events.splice(2, 1);
    writeFileSync(join(dir, 'removed.json'), JSON.stringify(removed));
    const checked = await ledger('bundle', 'verify', join(dir, 'removed.json'), '--public-key', keyFile);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/missing-event: .*revision 2/);
  });

  it('records the evidence read in the access log, with its purpose', async () => {
    const { reads } = (await get(`/cases/${caseId}/readers`, await inspector(), { from: '2021-03-01', to: '2021-03-31' }).expect(200)).body;
    expect(reads).toEqual(expect.arrayContaining([expect.objectContaining({ readerId: 'inspector-1', purpose: PURPOSE, asOf: expect.stringMatching(/^evidence@\d+$/) })]));
  });

  it('asks an inspector for a purpose, and keeps other townships out', async () => {
    const missing = await get(`/cases/${caseId}/evidence`, await inspector()).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    await get(`/cases/${caseId}/evidence`, await token('approver-9', ['township-approver'], '330602002')).expect(403);
  });

  it('answers 409 not-yet-signed while the case has an event no signed head covers, then serves it once signed', async () => {
    const approver = await token('approver-1', ['township-approver'], TOWNSHIP);
    await world.post(`/cases/${caseId}/classification`, approver, { reviewClass: 'stable', reasons: ['老年人家庭，收入稳定'] }).expect(201);
    const early = await get(`/cases/${caseId}/evidence`, await inspector(), { purpose: PURPOSE }).expect(409);
    expect(early.body).toMatchObject({ code: 'not-yet-signed' });
    await signTheLog();
    const bundle = (await get(`/cases/${caseId}/evidence`, await inspector(), { purpose: PURPOSE }).expect(200)).body;
    expect(bundle.events.at(-1)).toMatchObject({ type: 'CaseClassified' });
    expect(verifyBundle(bundle, publicKeyPem).ok).toBe(true);
  });
});
