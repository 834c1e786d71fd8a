import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Store = 'sqlite' | 'postgres';

export interface BenchPlan {
  readonly name: string;
  readonly args: readonly string[];
  /** A file the child writes raw numbers to, read back into the report. */
  readonly rawFile?: string;
}

export interface BenchResult {
  readonly name: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly seconds: number;
  readonly table: string;
  readonly stderrTail?: string;
  readonly raw?: unknown;
}

/** Every benchmark, once per store asked for; small sizes with `quick`. */
export function planBenchmarks(stores: readonly Store[], quick: boolean, databaseUrl: string): BenchPlan[] {
  const plans: BenchPlan[] = [];
  const db = ['--database-url', databaseUrl];
  for (const store of stores) {
    const rawFile = join(tmpdir(), `ledger-bench-all-ledger-${store}-${process.pid}.json`);
    plans.push({
      name: `ledger (${store})`,
      args: ['bench', 'ledger', '--backend', store, ...(quick ? ['--scale', '0.05'] : []), '--json', rawFile, ...db],
      rawFile,
    });
    const sized: [string, string[]][] = [
      ['batch', quick ? ['--households', '500'] : []],
      ['projections', quick ? ['--events', '30000', '--runs', '1'] : []],
      ['history', quick ? ['--reads', '200'] : []],
      ['integrity', quick ? ['--leaves', '20000', '--proofs', '200'] : []],
      ['rules', quick ? ['--households', '300', '--months', '2', '--latency-samples', '50', '--runs', '1'] : []],
    ];
    for (const [name, sizes] of sized) {
      plans.push({ name: `${name} (${store})`, args: ['bench', name, '--store', store, ...sizes, ...db] });
    }
  }
  return plans;
}

/**
 * Runs one benchmark as a child of this same CLI (node flags carried over), so a crash or an
 * out-of-memory there leaves the others running. Its stdout is the table; stderr is passed through.
 */
export function runChild(plan: BenchPlan, mainScript: string): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, mainScript, ...plan.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const out: Buffer[] = [];
    let errTail = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errTail = (errTail + chunk.toString('utf8')).slice(-2_000);
    });
    const finish = (exitCode: number | null, signal: string | null) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let raw: unknown;
      if (plan.rawFile && existsSync(plan.rawFile)) {
        try {
          raw = JSON.parse(readFileSync(plan.rawFile, 'utf8'));
        } catch {
          raw = undefined;
        }
        rmSync(plan.rawFile, { force: true });
      }
      resolve({
        name: plan.name,
        args: plan.args,
        exitCode,
        signal,
        seconds: Math.round(seconds * 10) / 10,
        table: Buffer.concat(out).toString('utf8').trim(),
        ...(exitCode === 0 ? {} : { stderrTail: errTail }),
        ...(raw === undefined ? {} : { raw }),
      });
    };
    child.on('error', (error) => {
      errTail += String(error);
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
