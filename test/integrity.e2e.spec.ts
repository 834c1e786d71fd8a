import {
  ensureTreeHeadKey,
  eventLeafHash,
  type Notary,
  type SignedTreeHead,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '@app/integrity';
import { NOTARY } from '@app/integrity/nest';
import { loadConfig } from '@app/platform';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../apps/api/src/app.module';
import { application, caseWorld, residentId } from './support/case-world';

const TOWNSHIP = '330602001';
const hex = (value: string) => Buffer.from(value, 'hex');

interface RecordedEventBody {
  readonly eventId: string;
  readonly type: string;
  readonly integrity: { readonly hash: string };
}

describe('the Merkle log of a case over HTTP', () => {
  const world = caseWorld({ name: 'integrity', start: '2021-03-01T01:00:00.000Z', tokenLifetimeDays: 30 });
  const { clock, token, get } = world;
  const inspector = () => token('inspector-1', ['discipline-inspector'], '3306');
  const clerk = () => token('clerk-1', ['intake-clerk'], TOWNSHIP);
  const http = () => request(world.app.getHttpServer());

  let beforeAnyHead: request.Response;
  let caseId: string;
  let approval: RecordedEventBody;
  let firstHead: SignedTreeHead;

  /**
   * Has the notary take in the whole log, lets everySeconds (10 s by default) pass on the app's
   * clock, and has it sign: the head then covers every event.
   */
  async function signTheLog(): Promise<SignedTreeHead> {
    const notary = world.app.get<Notary>(NOTARY);
    await notary.catchUp();
    clock.advance(10_000);
    await notary.catchUp();
    const head = (await get('/integrity/tree-heads/latest', await inspector()).expect(200)).body as SignedTreeHead;
    expect(head.treeSize).toBe(await world.eventCount());
    return head;
  }

  beforeAll(async () => {
    await world.open();
    beforeAnyHead = await get('/integrity/tree-heads/latest', await inspector());
    await world.seedStandards();
    await world.grantDelegation(TOWNSHIP);
    caseId = await world.driveToPublicity(application(TOWNSHIP), { clerk: await clerk() });
    firstHead = await signTheLog();
    const approved = await world.approve(caseId, await token('approver-1', ['township-approver'], TOWNSHIP));
    approval = approved.body.events.find((event: RecordedEventBody) => event.type === 'CaseApproved');
    await signTheLog();
  });

  afterAll(() => world.close());

  it('serves no head before the log has one: a 404 problem', () => {
    expect(beforeAnyHead.status).toBe(404);
    expect(beforeAnyHead.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(beforeAnyHead.body).toMatchObject({ code: 'no-tree-head' });
  });

  it('signs a latest head that verifies with the public key the API publishes without a token', async () => {
    const key = (await http().get('/integrity/public-key').expect(200)).body;
    expect(key).toEqual({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{64}$/), publicKeyPem: expect.any(String) });
    const latest = (await get('/integrity/tree-heads/latest', await clerk()).expect(200)).body as SignedTreeHead;
    expect(latest).toMatchObject({ algorithm: 'Ed25519', keyId: key.keyId });
    expect(verifyTreeHead(latest, key.publicKeyPem)).toEqual({ ok: true });
    expect(verifyTreeHead({ ...latest, treeSize: latest.treeSize - 1 }, key.publicKeyPem).ok).toBe(false);
  });

  it('proves the approval of the case is in the latest signed head', async () => {
    const latest = (await get('/integrity/tree-heads/latest', await inspector()).expect(200)).body as SignedTreeHead;
    const proof = (await get('/integrity/proofs/inclusion', await inspector(), { eventId: approval.eventId }).expect(200)).body;
    expect(proof).toMatchObject({
      eventId: approval.eventId,
      streamId: expect.stringContaining(caseId),
      eventHash: approval.integrity.hash,
      treeSize: latest.treeSize,
      rootHash: latest.rootHash,
    });
    expect(proof.leafHash).toBe(eventLeafHash(approval.integrity.hash).toString('hex'));
    const auditPath = (proof.auditPath as string[]).map(hex);
    expect(verifyInclusion(hex(proof.leafHash), proof.leafIndex, latest.treeSize, auditPath, hex(latest.rootHash))).toBe(true);
  });

  it('proves the log of the latest head extends the one an inspector kept before the approval', async () => {
    const { treeHeads } = (await get('/integrity/tree-heads', await inspector()).expect(200)).body;
    expect(treeHeads).toHaveLength(2);
    expect(treeHeads[0]).toEqual(firstHead);
    expect((await get(`/integrity/tree-heads/${firstHead.treeSize}`, await inspector()).expect(200)).body).toEqual(firstHead);
    const [kept, latest] = treeHeads as SignedTreeHead[];
    const query = { from: String(kept!.treeSize), to: String(latest!.treeSize) };
    const consistency = (await get('/integrity/proofs/consistency', await inspector(), query).expect(200)).body;
    expect(consistency).toMatchObject({ from: kept!.treeSize, to: latest!.treeSize, fromRoot: kept!.rootHash, toRoot: latest!.rootHash });
    const proof = (consistency.proof as string[]).map(hex);
    expect(verifyConsistency(kept!.treeSize, latest!.treeSize, hex(kept!.rootHash), hex(latest!.rootHash), proof)).toBe(true);
  });

  it.each([
    ['abc', 'treeSize must be a whole number of 1 or more'],
    ['0', 'treeSize must be a whole number of 1 or more'],
    ['100000', 'treeSize 100000 is beyond the notarised tree'],
  ])('treeSize=%s is a 400 problem naming the field', async (treeSize, message) => {
    const response = await get('/integrity/proofs/inclusion', await inspector(), { eventId: approval.eventId, treeSize }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field: 'treeSize', message: expect.stringContaining(message) }]);
  });

  it('refuses a consistency proof to a tree it has not grown, naming the field', async () => {
    const response = await get('/integrity/proofs/consistency', await inspector(), { from: '1', to: '100000' }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'to', message: expect.stringContaining('beyond the notarised tree') }]);
    const missing = await get('/integrity/proofs/consistency', await inspector(), { from: '1' }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'to', message: 'to must be a whole number of 0 or more' }]);
  });

  it('answers 404 for an event it has never seen and a size no head was signed at', async () => {
    const unknown = await get('/integrity/proofs/inclusion', await inspector(), { eventId: 'no-such-event' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'leaf-not-found' });
    await get(`/integrity/tree-heads/${firstHead.treeSize - 1}`, await inspector()).expect(404);
  });

  it('needs a token for heads and proofs, but not for the public key', async () => {
    await http().get('/integrity/tree-heads/latest').expect(401);
    await http().get('/integrity/proofs/inclusion').query({ eventId: approval.eventId }).expect(401);
    const openapi = (await http().get('/docs/openapi.json').expect(200)).body;
    expect(openapi.paths['/integrity/public-key'].get.security).toEqual([{}]);
    expect(openapi.paths['/integrity/proofs/inclusion'].get.security).toBeUndefined();
  });

  it('shows in /health the notary caught up with the log', async () => {
    const health = (await http().get('/health').expect(200)).body;
    expect(health.notary).toEqual({
      state: 'live',
      treeSize: health.log.eventCount,
      signedTreeSize: health.log.eventCount,
      lag: 0,
    });
  });

  it('answers 409 for an event notarised but not yet under a signed head, until one is signed', async () => {
    // A household of its own, so no warning rule has a reason to append anything meanwhile.
    const members = [{ relation: 'applicant', personal: { name: '赵德胜', idNumber: residentId('33060219750505005') } }];
    const submitted = await world.post('/cases', await clerk(), application(TOWNSHIP, members)).expect(201);
    const eventId = submitted.body.events[0].eventId as string;
    await world.app.get<Notary>(NOTARY).catchUp();
    const early = await get('/integrity/proofs/inclusion', await inspector(), { eventId }).expect(409);
    expect(early.body).toMatchObject({ code: 'not-yet-signed' });
    const head = await signTheLog();
    expect((await get('/integrity/proofs/inclusion', await inspector(), { eventId }).expect(200)).body.treeSize).toBe(head.treeSize);
  });
});

describe('the tree-head key of a deployment', () => {
  let root: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-integrity-key-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('stops the start when LEDGER_TREE_HEAD_KEY_FILE names no file, naming the setting and `ledger init`', async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_TREE_HEAD_KEY_FILE: join(root, 'absent.pem') });
    await expect(createApp(config, { logger: false })).rejects.toThrow(
      /LEDGER_TREE_HEAD_KEY_FILE names no tree-head signing key at .*absent\.pem: run `ledger init`/,
    );
  });

  it('lets an API whose notary runs in the worker serve the public key with only the public file', async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data'), LEDGER_TREE_HEAD_KEY_FILE: join(root, 'notary.pem') });
    const { signer } = ensureTreeHeadKey(config.treeHeads);
    unlinkSync(config.treeHeads.keyFile);
    app = await createApp(config, { logger: false, projectionsInProcess: false });
    await app.init();
    const key = (await request(app.getHttpServer()).get('/integrity/public-key').expect(200)).body;
    expect(key).toEqual({ algorithm: 'Ed25519', keyId: signer.keyId, publicKeyPem: signer.publicKeyPem });
    const health = (await request(app.getHttpServer()).get('/health').expect(200)).body;
    expect(health.notary).toEqual({ state: 'elsewhere', treeSize: 0, signedTreeSize: 0, lag: 0 });
  });
});
