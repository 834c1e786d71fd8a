import { type EventMetadata, SqliteEventStore } from '@app/ledger';
import type { Projection } from '@app/projections';
import { readProjection, SqliteReadStore } from '@app/projections';
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';
import { registerRebuildCommand } from './rebuild.command';

const metadata: EventMetadata = {
  actor: { id: 'clerk-1', role: 'intake-clerk', unit: '330602001' },
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2021-03-01T01:00:00.000Z',
};

const counted: Projection = {
  name: 'counted',
  version: 1,
  runsWhere: 'async',
  handles: ['Noted'],
  tables: ['total'],
  async setup(tx, table) {
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${table('total')} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`);
    await tx.run(`INSERT INTO ${table('total')} (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
  },
  async apply(tx, _event, table) {
    await tx.run(`UPDATE ${table('total')} SET n = n + 1 WHERE id = 1`);
  },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function rebuild(dataDir: string, ...args: string[]): Promise<Run> {
  const run: Run = { code: -1, stdout: '', stderr: '' };
  const io = {
    stdout: { write: (chunk: string) => (run.stdout += chunk) },
    stderr: { write: (chunk: string) => (run.stderr += chunk), isTTY: false },
    env: { LEDGER_DATA_DIR: dataDir },
  };
  const program = new Command('ledger').exitOverride();
  registerRebuildCommand(program, io, (code) => (run.code = code), [counted]);
  await program.parseAsync(['rebuild', ...args], { from: 'user' });
  return run;
}

describe('ledger rebuild', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
    dataDir = join(root, 'data');
    const store = SqliteEventStore.open({ file: join(dataDir, 'ledger.sqlite') });
    try {
      for (let i = 1; i <= 3; i++) {
        await store.append('notes-1', [{ eventId: `e-${i}`, type: 'Noted', data: { i }, metadata }], {
          expectedRevision: i === 1 ? 'no-stream' : BigInt(i - 2),
        });
      }
    } finally {
      await store.close();
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('rebuilds the named projection from position 0 and prints its status', async () => {
    const first = await rebuild(dataDir, 'counted');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^counted v1 \(generation \d+\): live, 3 events, lag 0, checkpoint \S+$/m);
    expect(first.stdout).toMatch(/rebuilt 1 projection \(/);

    const again = await rebuild(dataDir);
    expect(again.code).toBe(0);
    const readStore = await SqliteReadStore.open({ file: join(dataDir, 'read.sqlite') });
    try {
      const total = await readProjection(readStore, 'counted', (store, table) =>
        store.get<{ n: number }>(`SELECT n FROM ${table('total')} WHERE id = 1`),
      );
      expect(Number(total?.n)).toBe(3);
    } finally {
      await readStore.close();
    }
  });

  it('refuses an unknown name with exit 2', async () => {
    const run = await rebuild(dataDir, 'nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no projection named nope \(known: counted\)/);
  });

  it('is registered on the ledger program', async () => {
    let stderr = '';
    const code = await runCli(['rebuild', 'nope'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
      env: { LEDGER_DATA_DIR: dataDir },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no projection named nope/);
  });
});
