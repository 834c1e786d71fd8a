import type { OccOutcome, OccResult } from './occ-check';
import { median } from './stats';
import type { SystemRun } from './system-run';
import type { AppendRun } from './workload-runner';

export type Backend = 'sqlite' | 'postgres' | 'esdb';

export interface BackendResult {
  readonly backend: Backend;
  readonly title: string;
  readonly raw: readonly SystemRun[];
  readonly ours: readonly SystemRun[];
}

export interface SummaryRow {
  readonly workload: string;
  readonly raw: string;
  readonly ours: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: 'met' | 'missed' | '';
  readonly rawValue?: number;
  readonly oursValue?: number;
  readonly ratioValue?: number;
}

interface Target {
  /** 'min': ours/raw must be at least `ratio` (throughput); 'max': at most (latency). */
  readonly bound: 'min' | 'max';
  readonly ratio: number;
}

type TargetedWorkload = 'W1' | 'W2' | 'W3' | 'W4' | 'W5';

/** The targets of PEERS.md, as ratios against the raw driver measured in the same run. */
const TARGETS: Record<Backend, Partial<Record<TargetedWorkload, Target>>> = {
  sqlite: {
    W1: { bound: 'min', ratio: 0.8 },
    W2: { bound: 'min', ratio: 2 },
    W3: { bound: 'min', ratio: 0.6 },
    W4: { bound: 'min', ratio: 0.7 },
    W5: { bound: 'max', ratio: 1.5 },
  },
  postgres: {
    W2: { bound: 'min', ratio: 0.8 },
    W3: { bound: 'min', ratio: 0.6 },
    W4: { bound: 'min', ratio: 0.7 },
    W5: { bound: 'max', ratio: 1.5 },
  },
  // PEERS.md sets none for EventStoreDB: the ratios are reported, not judged.
  esdb: {},
};

type Pick = (run: SystemRun) => number | undefined;

export function summarize(result: BackendResult): SummaryRow[] {
  const targets = TARGETS[result.backend];
  const oursScan = worstScan(result.ours);
  const oursLive = worstLive(result.ours);
  const clean = (faults?: number[]) => faults !== undefined && faults.every((count) => count === 0);
  const oursClean = clean(oursScan) && clean(oursLive);
  return [
    ratioRow(result, 'W1 events/s', (r) => r.w1?.eventsPerSec, targets.W1),
    latencyRow(result, 'W1 append p50/p99 ms', (r) => r.w1),
    ratioRow(result, 'W2 events/s', (r) => r.w2?.eventsPerSec, targets.W2),
    latencyRow(result, 'W2 append p50/p99 ms', (r) => r.w2),
    ratioRow(result, 'W3 events/s', (r) => r.w3?.eventsPerSec, targets.W3),
    ratioRow(result, 'W4 events/s', (r) => r.w4?.eventsPerSec, targets.W4, oursClean),
    {
      workload: 'W4 dup/missing/misordered',
      raw: formatFaults(worstScan(result.raw)),
      ours: formatFaults(oursScan),
      ratio: '',
      target: '0/0/0',
      verdict: clean(oursScan) ? 'met' : 'missed',
    },
    {
      workload: 'W4 under writers dup/missing',
      raw: formatFaults(worstLive(result.raw)),
      ours: formatFaults(oursLive),
      ratio: '',
      target: '0/0',
      verdict: clean(oursLive) ? 'met' : 'missed',
    },
    w5Row(result, targets.W5),
  ];
}

export function renderBackend(result: BackendResult, runs: number): string {
  const rows = summarize(result);
  const header = ['workload', 'raw', 'ours', 'ours/raw', 'target', 'met?'];
  const cells = [header, ...rows.map((r) => [r.workload, r.raw, r.ours, r.ratio, r.target, r.verdict])];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  const raw = result.raw[0]?.label ?? 'raw';
  const ours = result.ours[0]?.label ?? 'ours';
  const out = [
    `${result.title} — ${runs === 1 ? 'one run' : `median of ${runs} runs`}; raw = ${raw}, ours = ${ours}`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.slice(1).map(line),
    occLine(raw, result.raw, false),
    occLine(ours, result.ours, true),
    ...errorLines(result),
  ];
  return out.join('\n');
}

function ratioRow(result: BackendResult, workload: string, pick: Pick, target?: Target, extra = true): SummaryRow {
  const raw = medianOf(result.raw, pick);
  const ours = medianOf(result.ours, pick);
  return withRatio(workload, raw, ours, integer(raw), integer(ours), target, extra);
}

function latencyRow(result: BackendResult, workload: string, pick: (run: SystemRun) => AppendRun | undefined): SummaryRow {
  const p50 = (runs: readonly SystemRun[]) => medianOf(runs, (r) => pick(r)?.p50Ms);
  const p99 = (runs: readonly SystemRun[]) => medianOf(runs, (r) => pick(r)?.p99Ms);
  return withRatio(
    workload,
    p50(result.raw),
    p50(result.ours),
    pair(p50(result.raw), p99(result.raw)),
    pair(p50(result.ours), p99(result.ours)),
  );
}

function w5Row(result: BackendResult, target?: Target): SummaryRow {
  const p50 = (runs: readonly SystemRun[]) => medianOf(runs, (r) => r.w5?.p50Ms);
  const p99 = (runs: readonly SystemRun[]) => medianOf(runs, (r) => r.w5?.p99Ms);
  const short = result.ours.reduce((sum, r) => sum + (r.w5?.shortReads ?? 0), 0);
  const ours = pair(p50(result.ours), p99(result.ours)) + (short > 0 ? ` (${short} short reads)` : '');
  const raw = pair(p50(result.raw), p99(result.raw));
  return withRatio('W5 read p50/p99 ms', p50(result.raw), p50(result.ours), raw, ours, target, short === 0);
}

function withRatio(
  workload: string,
  rawValue: number,
  oursValue: number,
  raw: string,
  ours: string,
  target?: Target,
  extraCondition = true,
): SummaryRow {
  const ratioValue = oursValue / rawValue;
  const measured = Number.isFinite(ratioValue);
  const within = target && measured && (target.bound === 'min' ? ratioValue >= target.ratio : ratioValue <= target.ratio);
  return {
    workload,
    raw,
    ours,
    ratio: measured ? `${ratioValue.toFixed(2)}×` : '—',
    target: target ? `${target.bound === 'min' ? '≥' : '≤'} ${target.ratio}×` : '',
    verdict: target ? (within && extraCondition ? 'met' : 'missed') : '',
    rawValue,
    oursValue,
    ratioValue,
  };
}

function occLine(label: string, runs: readonly SystemRun[], explain: boolean): string {
  const all = runs.map((r) => r.occ).filter((occ): occ is OccResult => occ !== undefined);
  if (all.length === 0) return `OCC ${label}: not measured`;
  const cases: [string, (occ: OccResult) => OccOutcome][] = [
    ['stale rejected', (o) => o.stale],
    ['current accepted', (o) => o.current],
    ['ahead rejected', (o) => o.ahead],
    ['rejected append leaves no trace', (o) => o.noTrace],
  ];
  const marks = cases.map(([name, get]) => `${name} ${all.every((o) => get(o).pass) ? '✓' : '✗'}`);
  const lines = [`OCC ${label}: ${marks.join('   ')}`];
  if (explain) {
    for (const [name, get] of cases) {
      const failed = all.find((o) => !get(o).pass);
      if (failed) lines.push(`    ${name}: ${get(failed).detail}`);
    }
  }
  return lines.join('\n');
}

function errorLines(result: BackendResult): string[] {
  const lines: string[] = [];
  for (const run of [...result.raw, ...result.ours]) {
    for (const [step, message] of Object.entries(run.errors)) {
      const line = `error: ${run.label} ${step}: ${message}`;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  return lines;
}

/** [duplicates, missing, misordered], the worst of each over the runs; undefined if never measured. */
function worstScan(runs: readonly SystemRun[]): number[] | undefined {
  const scans = runs.map((r) => r.w4).filter((scan) => scan !== undefined);
  if (scans.length === 0) return undefined;
  return [
    Math.max(...scans.map((s) => s.duplicates)),
    Math.max(...scans.map((s) => s.missing)),
    Math.max(...scans.map((s) => s.outOfOrder)),
  ];
}

/** [duplicates, missing + unexpected] of the read under concurrent writers, the worst over the runs. */
function worstLive(runs: readonly SystemRun[]): number[] | undefined {
  const scans = runs.map((r) => r.w4Live).filter((scan) => scan !== undefined);
  if (scans.length === 0) return undefined;
  return [Math.max(...scans.map((s) => s.duplicates)), Math.max(...scans.map((s) => s.missing + s.unexpected))];
}

function medianOf(runs: readonly SystemRun[], pick: Pick): number {
  return median(runs.map(pick).filter((value): value is number => value !== undefined));
}

const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'failed');
const pair = (p50: number, p99: number) =>
  Number.isFinite(p50) ? `${p50.toFixed(2)} / ${p99.toFixed(2)}` : 'failed';
const formatFaults = (faults?: number[]) => (faults ? faults.join('/') : 'failed');
