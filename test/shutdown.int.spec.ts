import { createEventStore, LOG_START, type RecordedEvent } from '@app/ledger';
import { loadConfig, SystemClock } from '@app/platform';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { API_MAIN, ensureBuilt } from './crash/api-process';
import { bearer } from './support/tokens';

const MAIN = API_MAIN;
const SHUTDOWN_TIMEOUT_MS = 8000;
const CLIENTS = 24;

/** The built API in a child process, as `npm start` runs it; its JSON log lines as they come. */
function startBuiltApi(dataDir: string): { child: ChildProcess; url: Promise<string>; lines: Record<string, unknown>[] } {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      LEDGER_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const url = new Promise<string>((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`the API exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      const match = /^listening on (http:\/\/\S+)/.exec(String(line.msg));
      if (match) resolveUrl(match[1]);
    });
  });
  return { child, url, lines };
}

describe('the built API receiving SIGTERM with commands in flight', () => {
  let root: string;

  beforeAll(() => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'ledger-shutdown-int-'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finishes those in flight, refuses the rest, exits 0 in time, and the ledger holds exactly what was acknowledged', async () => {
    const dataDir = join(root, 'data');
    const { child, url: listening, lines } = startBuiltApi(dataDir);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
    );
    const url = await listening;
    const config = loadConfig({ LEDGER_DATA_DIR: dataDir });
    const admin = await bearer(config, new SystemClock(), { sub: 'yc-admin-1', roles: ['admin'], unit: '330602' });

    const send = (i: number) =>
      fetch(`${url}/officials`, {
        method: 'POST',
        headers: { Authorization: admin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ officialId: `sd-${String(i).padStart(4, '0')}`, roles: ['intake-clerk'], unit: '330602001', personal: { name: `官员${i}` } }),
      }).then(
        async (response) => ({ id: `sd-${String(i).padStart(4, '0')}`, status: response.status, body: await response.text() }),
        (error: unknown) => ({ id: `sd-${String(i).padStart(4, '0')}`, status: 0, body: String(error) }),
      );
    // A first command answered, so the rest meet a warm server; then a burst, and SIGTERM as soon as
    // the server has answered one of it: it is then working through the others.
    const warm = await send(0);
    expect(warm.status).toBe(201);
    const burst = Array.from({ length: CLIENTS }, (_, i) => send(i + 1));
    await Promise.race(burst);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const results = [warm, ...(await Promise.all(burst))];
    const exit = await exited;

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    // Every answer is a success or the shutting-down 503 (or no connection at all): never a failure.
    for (const result of results) expect([0, 201, 503]).toContain(result.status);
    for (const refused of results.filter((r) => r.status === 503)) expect(JSON.parse(refused.body)).toMatchObject({ code: 'shutting-down' });
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.id);
    expect(acknowledged.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM received: closing (at most 8000 ms)', 'closed']));

    const store = await createEventStore({ kind: 'sqlite', file: config.store.kind === 'sqlite' ? config.store.file : '', pollIntervalMs: 200 });
    try {
      const events: RecordedEvent[] = [];
      for (let from = LOG_START; ; ) {
        const page = await store.readAll({ from, maxCount: 500 });
        events.push(...page.events);
        if (page.isEnd) break;
        from = page.next;
      }
      const officials = events.filter((e) => e.streamId.startsWith('official-sd-')).map((e) => e.streamId.slice('official-'.length));
      expect(officials.sort()).toEqual(acknowledged.sort());
    } finally {
      await store.close();
    }
    process.stdout.write(`shutdown: ${acknowledged.length} of ${results.length} commands acknowledged and found in the ledger\n`);
  }, 60_000);
});
