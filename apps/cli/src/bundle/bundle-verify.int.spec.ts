import { assembleBundle, type EvidenceBundle, serializeBundle, toBundleEvent } from '@app/integrity/bundle';
import { caseEvents, InMemoryMerkleLog } from '@app/integrity/bundle/case-bundle.fixture';
import { generateTreeHeadKeyPair, type TreeHeadKeyPair, TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import { LOG_START, type RecordedEvent } from '@app/ledger/envelope';
import { SqliteEventStore } from '@app/ledger/sqlite/sqlite-event-store.adapter';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedger } from '../../test/run-ledger';

/** Runs `ledger <args>` in-process with an empty environment: no configuration, no data directory. */
const ledger = (...args: string[]) => runLedger({}, ...args);

/**
 * A case recorded by the real SQLite store between other streams' appends, its events read back
 * from the log, a tree over the whole log and a head signed over it: what the export will do.
 */
async function exportedCase(dir: string, keys: TreeHeadKeyPair): Promise<EvidenceBundle> {
  let tick = Date.parse('2021-03-01T01:00:00.000Z');
  const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite'), now: () => new Date((tick += 60_000)) });
  try {
    const events = caseEvents('c1', 30);
    for (let i = 0; i < events.length; i += 2) {
      await store.append('case-c1', events.slice(i, i + 2), { expectedRevision: 'any', commandId: `case-${i}` });
      const other = caseEvents(`h${i}`, 1)[0]!;
      await store.append(`household-h${i}`, [{ ...other, type: 'HouseholdRegistered' }], { expectedRevision: 'no-stream', commandId: `household-${i}` });
    }
    const log = new InMemoryMerkleLog();
    const leafOf = new Map<string, number>();
    const caseEventsRead: RecordedEvent[] = [];
    for (let from = LOG_START; ; ) {
      const page = await store.readAll({ from, maxCount: 7 });
      for (const event of page.events) {
        leafOf.set(event.eventId, log.append(event.integrity.hash));
        if (event.streamId === 'case-c1') caseEventsRead.push(event);
      }
      from = page.next;
      if (page.isEnd) break;
    }
    const treeHead = new TreeHeadSigner(keys.privateKeyPem).sign({ treeSize: log.size, rootHash: log.rootHex(), timestamp: '2021-06-01T00:00:00.000Z' });
    return assembleBundle({
      streamId: 'case-c1',
      treeHead,
      generatedAt: '2021-06-01T00:05:00.000Z',
      events: caseEventsRead.map((event) => toBundleEvent(event, log.inclusionProof(leafOf.get(event.eventId)!, treeHead.treeSize))),
    });
  } finally {
    await store.close();
  }
}

describe('ledger bundle verify, offline with a bundle file and a public key file', () => {
  let root: string;
  let keys: TreeHeadKeyPair;
  let bundle: EvidenceBundle;
  let keyFile: string;

  const write = (name: string, content: unknown): string => {
    const file = join(root, name);
    writeFileSync(file, typeof content === 'string' ? content : serializeBundle(content as EvidenceBundle));
    return file;
  };
  const tampered = (edit: (copy: any) => void): string => {
    const copy = JSON.parse(serializeBundle(bundle));
    edit(copy);
    return write(`tampered-${Math.random().toString(36).slice(2)}.json`, copy);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-bundle-'));
    keys = generateTreeHeadKeyPair();
    bundle = await exportedCase(join(root, 'data'), keys);
    keyFile = write('tree-head.pub.pem', keys.publicKeyPem);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exits 0 for the genuine bundle, reporting the tree head and what was checked', async () => {
    const file = write('case-c1.evidence.json', bundle);
    const result = await ledger('bundle', 'verify', file, '--public-key', keyFile);
    expect(result).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    const keyId = bundle.treeHead.keyId;
    expect(result.stdout.split('\n')).toEqual([
      'evidence bundle of case-c1: revisions 0..29 (30 events), generated 2021-06-01T00:05:00.000Z',
      `tree head: size 45, signed 2021-06-01T00:00:00.000Z, root ${bundle.treeHead.rootHash}, key ${keyId}`,
      `checked: 30 event hashes and chain links, 30 inclusion proofs, with key ${keyId}`,
      'VALID',
      '',
    ]);
    // The store's positions and times came through as the bundle's strings.
    expect(bundle.events[2]).toMatchObject({ revision: '2', globalPosition: '4', recordedAt: '2021-03-01T01:03:00.000Z' });
  });

  it('exits 1 for an event edited in a copy, naming it', async () => {
    const file = tampered((copy) => (copy.events[7].data.amountFen = 620_000));
    const result = await ledger('bundle', 'verify', file, '--public-key', keyFile);
    expect(result.code).toBe(1);
    const eventId = bundle.events[7]!.eventId;
    expect(result.stdout).toContain(`content: stream case-c1 revision 7 (event ${eventId}): the content does not match its hash`);
    expect(result.stdout).toMatch(/INVALID: 1 failure; checked 30 event hashes and chain links, 30 inclusion proofs\n$/);
  });

  it('exits 1 for an event removed, a proof changed and a foreign signature, one line each', async () => {
    const forger = new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem);
    const file = tampered((copy) => {
      copy.events.splice(12, 1);
      copy.events[3].proof.auditPath[0] = '0'.repeat(64);
      copy.treeHead = forger.sign(copy.treeHead);
      copy.keyId = forger.keyId;
    });
    const result = await ledger('bundle', 'verify', file, '--public-key', keyFile);
    expect(result.code).toBe(1);
    // Between the bundle's two header lines and the INVALID summary: one line per failure.
    const lines = result.stdout.split('\n').slice(2, -2);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['key', 'proof', 'missing-event']);
    expect(lines[2]).toBe('missing-event: stream case-c1: revision 12 is missing from the bundle, which declares revisions 0..29');
    expect(result.stdout).toContain('INVALID: 3 failures');
  });

  it('exits 1 for a malformed bundle, naming the path', async () => {
    const file = tampered((copy) => (copy.events[4].revision = 4));
    const result = await ledger('bundle', 'verify', file, '--public-key', keyFile);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'format: $.events[4].revision must be a decimal string (got 4)\n' +
        'INVALID: 1 failure; checked 0 event hashes and chain links, 0 inclusion proofs\n',
    );
  });

  it('exits 2 when the bundle or the key cannot be read or is not what it should be', async () => {
    const bundleFile = write('ok.json', bundle);
    const cases: [string[], RegExp][] = [
      [['bundle', 'verify', join(root, 'nowhere.json'), '--public-key', keyFile], /nowhere\.json: cannot be read \(no such file\)/],
      [['bundle', 'verify', write('truncated.json', serializeBundle(bundle).slice(0, 500)), '--public-key', keyFile], /truncated\.json: not JSON/],
      [['bundle', 'verify', bundleFile, '--public-key', join(root, 'no.pem')], /no\.pem: cannot be read/],
      [['bundle', 'verify', bundleFile, '--public-key', bundleFile], /ok\.json: not an Ed25519 public key/],
      [['bundle', 'verify', bundleFile], /required option '--public-key <file>' not specified/],
    ];
    for (const [args, message] of cases) {
      const result = await ledger(...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
  });
});
