import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

/** The built API; builds it once when dist is missing (CI builds before the tests). */
export function ensureBuilt(): void {
  if (existsSync(API_MAIN)) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (error) {
    throw new Error(`the crash test runs the built API (${API_MAIN}), and \`npm run build\` failed: ${(error as Error).message}`);
  }
  if (!existsSync(API_MAIN)) throw new Error(`\`npm run build\` did not produce ${API_MAIN}`);
}

export interface RunningApi {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** Starts `node dist/apps/api/src/main.js` on a free port and resolves once it listens. */
export function startApi(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApi> {
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** SIGKILL, as a power cut would: no shutdown hook runs. */
export function kill(api: RunningApi): Promise<void> {
  return new Promise((resolve) => {
    if (api.child.exitCode !== null || api.child.signalCode !== null) return resolve();
    api.child.once('exit', () => resolve());
    api.child.kill('SIGKILL');
  });
}
