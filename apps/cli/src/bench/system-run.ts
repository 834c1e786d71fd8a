import type { BenchSystem } from './bench-system';
import { type LiveScan, runLiveScan } from './live-scan';
import { checkOcc, type OccResult } from './occ-check';
import { errorMessage } from './stats';
import type { WorkloadSizes } from './workload-plan';
import { type AppendRun, type LogScan, runW1, runW2, runW3, runW4, runW5, type StreamReads } from './workload-runner';

export type StepId = 'open' | 'W1' | 'W2' | 'W3' | 'W4' | 'W4 live' | 'W5' | 'OCC';

/** Everything measured on one system in one run; a step that threw leaves its message instead. */
export interface SystemRun {
  readonly label: string;
  w1?: AppendRun;
  w2?: AppendRun;
  w3?: AppendRun;
  w4?: LogScan;
  w4Live?: LiveScan;
  w5?: StreamReads;
  occ?: OccResult;
  readonly errors: Partial<Record<StepId, string>>;
}

export type Progress = (line: string) => void;

/**
 * Runs the workloads on the systems, each on its own fresh store, taking turns workload by
 * workload: on a noisy machine raw and ours are then measured minutes closer together than if one
 * ran everything before the other. W1, W2 and W3 fill the log that W4 reads and W5 reads one of
 * W3's streams; the untimed checks (the read under writers, OCC) come last so they cannot disturb
 * the figures.
 */
export async function runTakingTurns(
  systems: readonly BenchSystem[],
  sizes: WorkloadSizes,
  progress: Progress,
): Promise<SystemRun[]> {
  const runs: SystemRun[] = systems.map((system) => ({ label: system.label, errors: {} }));
  const each = async <T>(id: StepId, work: (system: BenchSystem) => Promise<T>, describe: (result: T) => string) => {
    const results: (T | undefined)[] = [];
    for (const [i, system] of systems.entries()) {
      try {
        const result = await work(system);
        progress(`${system.label}: ${id} ${describe(result)}`);
        results.push(result);
      } catch (error) {
        runs[i].errors[id] = errorMessage(error);
        progress(`${system.label}: ${id} failed: ${runs[i].errors[id]}`);
        results.push(undefined);
      }
    }
    return results;
  };
  (await each('W1', (s) => runW1(s, sizes), describeAppends)).forEach((r, i) => (runs[i].w1 = r));
  (await each('W2', (s) => runW2(s, sizes), describeAppends)).forEach((r, i) => (runs[i].w2 = r));
  (await each('W3', (s) => runW3(s, sizes), describeAppends)).forEach((r, i) => (runs[i].w3 = r));
  (await each('W4', (s) => runW4(s, sizes), describeScan)).forEach((r, i) => (runs[i].w4 = r));
  (await each('W5', (s) => runW5(s, sizes), describeReads)).forEach((r, i) => (runs[i].w5 = r));
  (await each('W4 live', (s) => runLiveScan(s, sizes), describeLive)).forEach((r, i) => (runs[i].w4Live = r));
  (await each('OCC', (s) => checkOcc(s, sizes), describeOcc)).forEach((r, i) => (runs[i].occ = r));
  return runs;
}

/** A system that could not even be opened still gets a row, showing why. */
export function failedToOpen(label: string, error: unknown): SystemRun {
  return { label, errors: { open: errorMessage(error) } };
}

const describeAppends = (r: AppendRun) =>
  `${Math.round(r.eventsPerSec).toLocaleString('en-US')} events/s, append p50 ${ms(r.p50Ms)} / p99 ${ms(r.p99Ms)} ms`;

const describeScan = (r: LogScan) =>
  `${Math.round(r.eventsPerSec).toLocaleString('en-US')} events/s, ${r.read} read, ` +
  `${r.duplicates} duplicates, ${r.missing} missing, ${r.outOfOrder} out of order`;

const describeReads = (r: StreamReads) => `p50 ${ms(r.p50Ms)} / p99 ${ms(r.p99Ms)} ms`;

const describeLive = (r: LiveScan) =>
  `read under ${r.appended} concurrent appends: ${r.duplicates} duplicates, ${r.missing} missing, ` +
  `${r.unexpected} unexpected`;

const describeOcc = (r: OccResult) =>
  [r.stale, r.current, r.ahead, r.noTrace].map((o) => (o.pass ? '✓' : '✗')).join(' ');

const ms = (value: number) => value.toFixed(2);
