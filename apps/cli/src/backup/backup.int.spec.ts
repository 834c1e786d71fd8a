import { createEventStore } from '@app/ledger/create-event-store';
import { type EventStore, SqliteEventStore } from '@app/ledger';
import { eventLeafHash, MerkleFrontier } from '@app/integrity/merkle/merkle-tree';
import { ensureTreeHeadKey, integrityStoreConfig, Notary, openIntegrityStore } from '@app/integrity/notary';
import { loadConfig } from '@app/platform';
import { FixedClock } from '@app/platform/clock';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { metadata, readWholeLog } from '../../../../libs/ledger/test/fixtures';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../../test/support/postgres';
import { runLedger } from '../../test/run-ledger';

const ledger = runLedger;

/** Cases and access reads interleaved, some commands with two events, as the API writes them. */
async function seed(store: EventStore): Promise<void> {
  for (let c = 0; c < 12; c++) {
    const streamId = `case-backup-${c}`;
    const commandId = randomUUID();
    const meta = metadata({ commandId, occurredAt: `2021-03-${String(c + 1).padStart(2, '0')}T01:00:00.000Z` });
    await store.append(
      streamId,
      [
        { eventId: randomUUID(), type: 'ApplicationSubmitted', data: { caseId: `backup-${c}`, 户主: `王${c}` }, metadata: meta },
        { eventId: randomUUID(), type: 'ApplicationAccepted', data: { caseId: `backup-${c}` }, metadata: meta },
      ],
      { expectedRevision: 'no-stream', commandId },
    );
    const read = randomUUID();
    await store.append('access-20210301', [{ eventId: randomUUID(), type: 'CaseHistoryRead', data: { caseId: `backup-${c}` }, metadata: metadata({ commandId: read }) }], {
      expectedRevision: 'any',
      commandId: read,
    });
  }
}

function rootOf(hashes: readonly string[]): string {
  const tree = new MerkleFrontier();
  for (const hash of hashes) tree.append(eventLeafHash(hash));
  return tree.root().toString('hex');
}

describe('ledger export, import and backup on the embedded store', () => {
  let root: string;
  let source: string;
  let sourceHashes: string[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
    source = join(root, 'source');
    const store = SqliteEventStore.open({ file: join(source, 'ledger.sqlite') });
    try {
      await seed(store);
      sourceHashes = (await readWholeLog(store)).map((e) => e.integrity.hash);
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exports every event in global order between a header and a trailer', async () => {
    const file = join(root, 'full.ndjson');
    const result = await ledger({}, 'export', file, '--data-dir', source);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('exported 36 events') });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'assistance-ledger/export/v1', events: 36 });
    expect(lines.slice(1, -1).map((e) => e.integrity.hash)).toEqual(sourceHashes);
    expect(lines.at(-1)).toEqual({ end: true, events: 36, lastHash: sourceHashes.at(-1) });
    // An export never overwrites.
    expect((await ledger({}, 'export', file, '--data-dir', source)).code).toBe(2);
  });

  it('imports into an empty store with the same hashes in the same order, so the same Merkle root, and verify passes', async () => {
    const file = join(root, 'full.ndjson');
    const target = join(root, 'target');
    const result = await ledger({}, 'import', file, '--data-dir', target);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('imported 36 events in 13 streams (24 appends)') });
    const store = SqliteEventStore.open({ file: join(target, 'ledger.sqlite') });
    try {
      const hashes = (await readWholeLog(store)).map((e) => e.integrity.hash);
      expect(hashes).toEqual(sourceHashes);
      expect(rootOf(hashes)).toBe(rootOf(sourceHashes));
      // Idempotency came along: a retried command id is answered from the record, nothing appended.
      const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[1]!);
      expect(await store.findCommand(first.metadata.commandId)).toMatchObject({ streamId: first.streamId, firstRevision: 0n });
    } finally {
      await store.close();
    }
    expect(await ledger({}, 'verify', '--data-dir', target)).toMatchObject({ code: 0 });
    // A second import into the now-filled store is refused.
    expect(await ledger({}, 'import', file, '--data-dir', target)).toMatchObject({ code: 2, stderr: expect.stringContaining('already holds 36 events') });
  });

  it('refuses an edited, a reordered or a cut-short file before writing anything', async () => {
    const lines = readFileSync(join(root, 'full.ndjson'), 'utf8').trim().split('\n');
    const edited = lines.map((line, i) => (i === 4 ? line.replace('"王1"', '"李1"') : line));
    const swapped = [...lines];
    [swapped[2], swapped[4]] = [swapped[4]!, swapped[2]!];
    const cases: [string, string[], RegExp][] = [
      ['edited', edited, /line 5: stream case-backup-1 revision 0 .*does not hash to its recorded hash/],
      ['swapped', swapped, /line 4: global position 3 is not after 4: the events are out of log order/],
      ['cut', lines.slice(0, -1), /ends without its trailer after 36 events/],
      ['dropped', lines.filter((_, i) => i !== 7), /line \d+: stream .* (jumps to revision|prevHash)|holds 35 events/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(root, `${name}.ndjson`);
      writeFileSync(file, `${content.join('\n')}\n`);
      const target = join(root, `refused-${name}`);
      const result = await ledger({}, 'import', file, '--data-dir', target);
      expect({ name, code: result.code, stderr: result.stderr }).toEqual({ name, code: 1, stderr: expect.stringMatching(message) });
      const store = SqliteEventStore.open({ file: join(target, 'ledger.sqlite') });
      try {
        expect((await store.head()).eventCount).toBe(0n);
      } finally {
        await store.close();
      }
    }
  });

  it('carries the latest signed tree head: an import checks the root of its size, and a wrong one is refused', async () => {
    const notarised = join(root, 'notarised');
    const store = SqliteEventStore.open({ file: join(notarised, 'ledger.sqlite') });
    await seed(store);
    const config = loadConfig({ LEDGER_DATA_DIR: notarised });
    const integrity = await openIntegrityStore(integrityStoreConfig(config), new Date());
    const clock = new FixedClock('2021-04-01T00:00:00.000Z');
    const notary = new Notary({ store, integrity, signer: ensureTreeHeadKey(config.treeHeads).signer, clock, everyEvents: 20, everySeconds: 10, pollIntervalMs: 20 });
    await notary.catchUp();
    await integrity.close();
    await store.close();

    const file = join(root, 'notarised.ndjson');
    expect(await ledger({}, 'export', file, '--data-dir', notarised)).toMatchObject({ code: 0, stdout: expect.stringContaining('with the signed tree head of size 20') });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header.treeHead).toMatchObject({ treeSize: 20, rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await ledger({}, 'import', file, '--data-dir', join(root, 'notarised-copy'))).toMatchObject({ code: 0 });

    const wrong = join(root, 'wrong-head.ndjson');
    writeFileSync(wrong, [JSON.stringify({ ...header, treeHead: { ...header.treeHead, rootHash: 'ab'.repeat(32) } }), ...lines.slice(1)].join('\n') + '\n');
    expect(await ledger({}, 'import', wrong, '--data-dir', join(root, 'wrong-copy'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('the first 20 events do not hash to the root of the signed tree head'),
    });
  });

  it('backs up the embedded store while it is being written, into a copy that verifies', async () => {
    const live = join(root, 'live');
    const store = SqliteEventStore.open({ file: join(live, 'ledger.sqlite') });
    const copy = join(root, 'copy', 'ledger.sqlite');
    try {
      await seed(store);
      const writing = (async () => {
        for (let i = 0; i < 50; i++) {
          await store.append('case-busy', [{ eventId: randomUUID(), type: 'Recorded', data: { i }, metadata: metadata() }], { expectedRevision: 'any' });
        }
      })();
      rmSync(join(root, 'copy'), { recursive: true, force: true });
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(root, 'copy'));
      const result = await ledger({}, 'backup', copy, '--data-dir', live);
      await writing;
      expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('backed up') });
    } finally {
      await store.close();
    }
    expect(existsSync(copy)).toBe(true);
    expect(await ledger({}, 'verify', '--data-dir', join(root, 'copy'))).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });
  });
});

describeWithPostgres('ledger import from the embedded store into PostgreSQL', () => {
  const schema = uniqueSchema('import');
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-migrate-'));
  });
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  it('moves the whole ledger: same hashes in the same order, same Merkle root, verify passes', async () => {
    const sqlite = SqliteEventStore.open({ file: join(root, 'source', 'ledger.sqlite') });
    let sourceHashes: string[];
    try {
      await seed(sqlite);
      sourceHashes = (await readWholeLog(sqlite)).map((e) => e.integrity.hash);
    } finally {
      await sqlite.close();
    }
    const file = join(root, 'ledger.ndjson');
    expect((await ledger({}, 'export', file, '--data-dir', join(root, 'source'))).code).toBe(0);
    const pg = { LEDGER_STORE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, LEDGER_PG_SCHEMA: schema };
    expect(await ledger(pg, 'import', file)).toMatchObject({ code: 0, stdout: expect.stringContaining('imported 36 events') });
    const store = await createEventStore({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema });
    try {
      const hashes = (await readWholeLog(store)).map((e) => e.integrity.hash);
      expect(hashes).toEqual(sourceHashes);
      expect(rootOf(hashes)).toBe(rootOf(sourceHashes));
    } finally {
      await store.close();
    }
    expect(await ledger(pg, 'verify')).toMatchObject({ code: 0, stdout: expect.stringContaining('intact: 36 events') });
  });
});
