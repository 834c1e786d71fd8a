import Database from 'better-sqlite3';
import { keyIdOf } from '@app/integrity';
import { type EventMetadata, PostgresEventStore, SqliteEventStore } from '@app/ledger';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL, uniqueSchema } from '../../../test/support/postgres';
import { runLedger } from '../test/run-ledger';

const metadata: EventMetadata = {
  actor: { id: 'official-7', role: 'township-approver', unit: '330602001' },
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2025-03-01T08:00:00.000Z',
};

/** Runs `ledger <args>` in-process against a clean environment, capturing what it writes. */
const ledger = (...args: string[]) => runLedger({}, ...args);
const ledgerWithEnv = runLedger;

describe('the ledger command', () => {
  let root: string;
  let dataDir: string;
  let file: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    dataDir = join(root, 'data');
    file = join(dataDir, 'ledger.sqlite');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function appendSomeEvents(): Promise<void> {
    const store = SqliteEventStore.open({ file });
    try {
      await store.append(
        'case-1',
        [
          { eventId: 'e-1', type: 'ApplicationSubmitted', data: { township: '330602001' }, metadata },
          { eventId: 'e-2', type: 'PaymentDisbursed', data: { amountCents: 91000 }, metadata },
        ],
        { expectedRevision: 'no-stream', commandId: 'cmd-1' },
      );
      await store.append('case-2', [{ eventId: 'e-3', type: 'ApplicationSubmitted', data: { n: 2 }, metadata }], {
        expectedRevision: 'no-stream',
        commandId: 'cmd-2',
      });
      await store.append('case-1', [{ eventId: 'e-4', type: 'PaymentDisbursed', data: { amountCents: 91000 }, metadata }], {
        expectedRevision: 1n,
        commandId: 'cmd-3',
      });
    } finally {
      await store.close();
    }
  }

  describe('init on a fresh machine', () => {
    it('makes the data directory and the SQLite store, and says exactly that', async () => {
      const result = await ledger('init', '--data-dir', dataDir);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(existsSync(file)).toBe(true);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(`created data directory ${dataDir}`);
      expect(lines[1]).toBe(`created SQLite ledger ${file}`);
      expect(lines).toEqual(expect.arrayContaining(['  + table events', '  + trigger events_no_update']));
    });

    it('run again, says everything already exists and changes nothing', async () => {
      const kid = () => JSON.parse(readFileSync(join(dataDir, 'keys', 'token-signing.public.jwk.json'), 'utf8')).kid;
      const treeHeadKeyId = () => keyIdOf(createPublicKey(readFileSync(join(dataDir, 'keys', 'tree-head-ed25519.pub.pem'), 'utf8')));
      await ledger('--data-dir', dataDir, 'init');
      const again = await ledger('--data-dir', dataDir, 'init');
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(
        `data directory ${dataDir} already exists\n` +
          `SQLite ledger ${file} already exists (0 events); its schema is complete, nothing to do\n` +
          `tree-head signing key ${join(dataDir, 'keys', 'tree-head-ed25519.pem')} already exists (key id ${treeHeadKeyId()})\n` +
          `token signing key ${join(dataDir, 'keys', 'token-signing.private.jwk.json')} already exists (kid ${kid()})\n`,
      );
    });
  });

  describe('verify', () => {
    it('exits 0 on an intact ledger and says how much it checked', async () => {
      await appendSomeEvents();
      const result = await ledger('verify', '--data-dir', dataDir);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`intact: 4 events in 2 streams (SQLite ${file})\ntree head: none signed yet, so no Merkle root to compare\n`);
    });

    it('exits 0 on an empty ledger', async () => {
      await ledger('init', '--data-dir', dataDir);
      const result = await ledger('verify', '--data-dir', dataDir);
      expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^intact: 0 events in 0 streams/) });
    });

    it('exits 1 naming stream, revision and position after a rogue operator edits a row', async () => {
      await appendSomeEvents();
      const db = new Database(file);
      db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
      const row = db.prepare("SELECT global_position, hash FROM events WHERE stream_id = 'case-1' AND revision = 1").get() as {
        global_position: number;
        hash: string;
      };
      db.prepare("UPDATE events SET data = '{\"amountCents\":910000}' WHERE stream_id = 'case-1' AND revision = 1").run();
      db.close();

      const result = await ledger('verify', '--data-dir', dataDir);
      expect(result.code).toBe(1);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(`first broken link: stream case-1, revision 1, global position ${row.global_position}`);
      expect(lines[1]).toMatch(/^ {2}hash-mismatch: /);
      expect(lines[2]).toMatch(/^ {2}expected hash: [0-9a-f]{64}$/);
      expect(lines[2]).not.toContain(row.hash);
      expect(lines[3]).toBe(`  found hash:    ${row.hash}`);
      expect(lines[4]).toMatch(/^BROKEN: 1 break in total; checked 4 events in 2 streams/);
    });

    it('exits 1 when the last event a command appended to a stream is deleted', async () => {
      await appendSomeEvents();
      const db = new Database(file);
      db.exec('DROP TRIGGER IF EXISTS events_no_delete;');
      db.prepare("DELETE FROM events WHERE stream_id = 'case-1' AND revision = 2").run();
      db.close();

      const result = await ledger('verify', '--data-dir', dataDir);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^first broken link: stream case-1, revision 2, global position none/);
    });
  });

  describe('bad usage', () => {
    it('an invalid override exits 2 naming the flag and what is allowed', async () => {
      const result = await ledger('verify', '--store', 'oracle');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--store (LEDGER_STORE) must be one of sqlite, postgres, esdb (got "oracle")');
    });

    it('postgres without a URL exits 2 naming DATABASE_URL', async () => {
      const result = await ledger('init', '--store', 'postgres');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DATABASE_URL is required when LEDGER_STORE=postgres');
    });

    it('an unknown command exits 2', async () => {
      const result = await ledger('frobnicate');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("unknown command 'frobnicate'");
    });

    it('--help lists the commands and exits 0', async () => {
      const result = await ledger('--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/init[\s\S]*start[\s\S]*verify[\s\S]*token/);
    });
  });
});

describeWithPostgres('the ledger command on PostgreSQL', () => {
  const schema = uniqueSchema('cli');
  // init also makes the token signing key, under the data directory: keep it out of the work tree.
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-pg-'));
  const env = { LEDGER_PG_SCHEMA: schema, LEDGER_DATA_DIR: dataDir };
  const store = ['--store', 'postgres', '--database-url', TEST_DATABASE_URL];

  afterAll(async () => {
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('init creates the schema with its tables and says so, then that it exists', async () => {
    const first = await ledgerWithEnv(env, 'init', ...store);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(new RegExp(`^created PostgreSQL ledger schema ${schema} in postgres://`));
    expect(first.stdout).toContain('  + table events');
    const again = await ledgerWithEnv(env, 'init', ...store);
    expect(again.stdout).toMatch(/already exists \(0 events\); its schema is complete, nothing to do/);
  });

  it('verify exits 0 on the intact empty ledger', async () => {
    const result = await ledgerWithEnv(env, 'verify', ...store);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^intact: 0 events in 0 streams \\(PostgreSQL .*schema ${schema}\\)`));
  });

  describe('verify after a rogue DBA rewrites rows', () => {
    const tamperSchema = uniqueSchema('cli_tamper');
    const tamperEnv = { LEDGER_PG_SCHEMA: tamperSchema, LEDGER_DATA_DIR: dataDir };
    const events = `"${tamperSchema}".events`;
    let positions: Map<string, bigint>;

    const asDba = async (...statements: [string, unknown[]][]) => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`ALTER TABLE ${events} DISABLE TRIGGER events_append_only`);
        for (const [sql, params] of statements) await client.query(sql, params);
      } finally {
        await client.end();
      }
    };

    beforeEach(async () => {
      const pg = await PostgresEventStore.open({ connectionString: TEST_DATABASE_URL, schema: tamperSchema });
      positions = new Map();
      try {
        for (let i = 0; i < 4; i++) {
          const result = await pg.append(
            'case-1',
            [{ eventId: `e-${i}`, type: 'Recorded', data: { i }, metadata: { ...metadata, commandId: `cmd-${i}` } }],
            { expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1), commandId: `cmd-${i}` },
          );
          positions.set(`case-1@${i}`, result.firstPosition);
        }
      } finally {
        await pg.close();
      }
    });
    afterEach(async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${tamperSchema}" CASCADE`);
      await client.end();
    });

    it('names the event whose data was edited', async () => {
      await asDba([`UPDATE ${events} SET data = $1 WHERE stream_id = 'case-1' AND revision = 1`, ['{"i":100}']]);
      const result = await ledgerWithEnv(tamperEnv, 'verify', ...store);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`^first broken link: stream case-1, revision 1, global position ${positions.get('case-1@1')}\n  hash-mismatch`),
      );
    });

    it('names the gap a deleted event leaves', async () => {
      await asDba([`DELETE FROM ${events} WHERE stream_id = 'case-1' AND revision = 2`, []]);
      const result = await ledgerWithEnv(tamperEnv, 'verify', ...store);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`^first broken link: stream case-1, revision 3, global position ${positions.get('case-1@3')}\n  revision-gap`),
      );
    });

    it('names the first of two swapped events', async () => {
      await asDba(
        [`UPDATE ${events} SET revision = -1 WHERE stream_id = 'case-1' AND revision = 1`, []],
        [`UPDATE ${events} SET revision = 1 WHERE stream_id = 'case-1' AND revision = 2`, []],
        [`UPDATE ${events} SET revision = 2 WHERE stream_id = 'case-1' AND revision = -1`, []],
      );
      const result = await ledgerWithEnv(tamperEnv, 'verify', ...store);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`^first broken link: stream case-1, revision 2, global position ${positions.get('case-1@1')}\n`),
      );
    });
  });
});
