import { ensureTreeHeadKey, integrityStoreConfig, Notary, openIntegrityStore, readLatestTreeHead } from '@app/integrity/notary';
import { hashEvent, SqliteEventStore } from '@app/ledger';
import { FixedClock } from '@app/platform/clock';
import { loadConfig } from '@app/platform';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadata } from '../../../../libs/ledger/test/fixtures';
import { runLedger } from '../../test/run-ledger';

const ledger = (...args: string[]) => runLedger({}, ...args);

/**
 * A notarised ledger, then the operator's worst: events rewritten in the database, with their
 * hashes and the stream's chain recomputed so that the hash chains alone look intact; or the log
 * cut back and extended with other events, notarised and signed again with the ledger's own key.
 */
describe('tampering after notarisation', () => {
  let root: string;
  let dataDir: string;
  let publicKeyFile: string;
  let keptHeadFile: string;
  let target: { eventId: string; revision: number };

  /** Notarises the whole log of `dir` and signs a head over it. */
  async function notarise(dir: string): Promise<void> {
    const config = loadConfig({ LEDGER_DATA_DIR: dir });
    const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    const integrity = await openIntegrityStore(integrityStoreConfig(config), new Date());
    const clock = new FixedClock('2021-04-01T00:00:00.000Z');
    try {
      const notary = new Notary({
        store,
        integrity,
        signer: ensureTreeHeadKey(config.treeHeads).signer,
        clock,
        everyEvents: 1_000,
        everySeconds: 10,
        pollIntervalMs: 20,
      });
      await notary.catchUp();
      clock.advance(10_000);
      await notary.catchUp();
    } finally {
      await integrity.close();
      await store.close();
    }
  }

  async function appendCase(dir: string, caseNo: number, events: number, tag = 'genuine'): Promise<void> {
    const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    try {
      for (let r = 0; r < events; r++) {
        await store.append(`case-t${caseNo}`, [{ eventId: randomUUID(), type: 'Recorded', data: { r, tag, amountFen: 89_000 }, metadata: metadata() }], {
          expectedRevision: r === 0 ? 'no-stream' : BigInt(r - 1),
          commandId: randomUUID(),
        });
      }
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
    dataDir = join(root, 'data');
    for (let c = 1; c <= 4; c++) await appendCase(dataDir, c, 6);
    await notarise(dataDir);
    const config = loadConfig({ LEDGER_DATA_DIR: dataDir });
    publicKeyFile = config.treeHeads.publicKeyFile;
    const integrity = await openIntegrityStore(integrityStoreConfig(config), new Date());
    try {
      keptHeadFile = join(root, 'kept-head.json');
      writeFileSync(keptHeadFile, JSON.stringify(await readLatestTreeHead(integrity)));
    } finally {
      await integrity.close();
    }
    const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
    const row = db.prepare("SELECT event_id, revision FROM events WHERE stream_id = 'case-t2' AND revision = 3").get() as { event_id: string; revision: number };
    db.close();
    target = { eventId: row.event_id, revision: row.revision };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('verifies the untouched ledger, its Merkle root and a case bundle', async () => {
    const verified = await ledger('verify', '--data-dir', dataDir);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('tree head of size 24') });
    expect(verified.stdout).toContain('the Merkle root recomputed from the log matches');
    const bundle = join(root, 'genuine-bundle.json');
    expect((await ledger('bundle', 'export', 'case-t2', '--out', bundle, '--data-dir', dataDir)).code).toBe(0);
    expect(await ledger('bundle', 'verify', bundle, '--public-key', publicKeyFile)).toMatchObject({ code: 0 });
    expect(await ledger('consistency', keptHeadFile, '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: expect.stringContaining('CONSISTENT') });
  });

  it('names an event rewritten with a recomputed chain, in `ledger verify` and in the case bundle', async () => {
    const edited = join(root, 'edited');
    cpSync(dataDir, edited, { recursive: true });
    rewriteStreamFrom(join(edited, 'ledger.sqlite'), 'case-t2', 3, (data) => ({ ...data, amountFen: 189_000 }));

    const verified = await ledger('verify', '--data-dir', edited);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`altered event: leaf`);
    expect(verified.stdout).toContain(`event ${target.eventId} (stream case-t2, revision 3`);
    expect(verified.stdout).toMatch(/BROKEN: tree head of size 24 .*root/);

    const bundle = join(root, 'edited-bundle.json');
    expect((await ledger('bundle', 'export', 'case-t2', '--out', bundle, '--data-dir', edited)).code).toBe(0);
    const checked = await ledger('bundle', 'verify', bundle, '--public-key', publicKeyFile);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(new RegExp(`proof: .*revision 3.*${target.eventId}|proof: .*${target.eventId}`));
  });

  it('fails the consistency check against a kept head after the log is cut back and re-extended, even when signed again', async () => {
    const rewritten = join(root, 'rewritten');
    cpSync(dataDir, rewritten, { recursive: true });
    // Cut back: drop case-t4 and its Merkle log, then write other events and notarise them anew with the same key.
    const db = new Database(join(rewritten, 'ledger.sqlite'));
    db.exec("DROP TRIGGER events_no_delete; DELETE FROM events WHERE stream_id = 'case-t4'; DELETE FROM commands WHERE stream_id = 'case-t4';");
    db.close();
    rmSync(join(rewritten, 'integrity.sqlite'));
    await appendCase(rewritten, 4, 6, 'forged');
    await appendCase(rewritten, 5, 2, 'forged');
    await notarise(rewritten);

    expect((await ledger('verify', '--data-dir', rewritten)).code).toBe(0); // signed again: alone it looks fine
    const checked = await ledger('consistency', keptHeadFile, '--data-dir', rewritten, '--public-key', publicKeyFile);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('NOT CONSISTENT');
    expect(checked.stdout).toMatch(/kept head \(size 24\): the log's first 24 events hash to root/);
  });

  it('refuses a kept head that was not signed by the key trusted', async () => {
    const forged = join(root, 'forged-head.json');
    const head = JSON.parse(require('node:fs').readFileSync(keptHeadFile, 'utf8'));
    writeFileSync(forged, JSON.stringify({ ...head, treeSize: head.treeSize - 1 }));
    expect(await ledger('consistency', forged, '--data-dir', dataDir)).toMatchObject({ code: 1, stdout: expect.stringContaining('not genuine') });
  });
});

/**
 * Rewrites `fromRevision` of a stream with `edit` and recomputes the hash of it and of every later
 * event of the stream (and the commands' last hashes), as an operator with database access could.
 */
function rewriteStreamFrom(file: string, streamId: string, fromRevision: number, edit: (data: Record<string, unknown>) => Record<string, unknown>): void {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER events_no_update');
    const rows = db
      .prepare('SELECT global_position, event_id, revision, type, schema_version, data, metadata, prev_hash, hash FROM events WHERE stream_id = ? ORDER BY revision')
      .all(streamId) as { global_position: number; event_id: string; revision: number; type: string; schema_version: number; data: string; metadata: string; prev_hash: string; hash: string }[];
    let prev: string | undefined;
    const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE global_position = ?');
    const updateCommand = db.prepare('UPDATE commands SET last_hash = ? WHERE last_hash = ?');
    for (const row of rows) {
      if (row.revision < fromRevision) {
        prev = row.hash;
        continue;
      }
      const data = row.revision === fromRevision ? edit(JSON.parse(row.data)) : JSON.parse(row.data);
      const prevHash = prev ?? row.prev_hash;
      const hash = hashEvent({
        eventId: row.event_id,
        streamId,
        revision: BigInt(row.revision),
        type: row.type,
        schemaVersion: row.schema_version,
        data,
        metadata: JSON.parse(row.metadata),
        prevHash,
      });
      update.run(JSON.stringify(data), prevHash, hash, row.global_position);
      updateCommand.run(hash, row.hash);
      prev = hash;
    }
  } finally {
    db.close();
  }
}
