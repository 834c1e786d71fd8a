import { runCli } from '../src/cli';

export interface LedgerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one `ledger` command line in this process, as a terminal-less shell would, with `env` as its environment. */
export async function runLedger(env: NodeJS.ProcessEnv, ...args: string[]): Promise<LedgerRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env,
  });
  return { code, stdout, stderr };
}
