import type { BenchSystem } from './bench-system';
import { LatencyRecorder } from './stats';
import {
  type BenchAppend,
  loggedEvents,
  w1Chunks,
  w1Events,
  w2CallerAppends,
  w2Events,
  w3Chunks,
  w3Events,
  w5Stream,
  type WorkloadSizes,
} from './workload-plan';

export interface AppendRun {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  /** Latency of one append as its caller sees it. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LogScan {
  readonly seconds: number;
  readonly eventsPerSec: number;
  readonly read: number;
  readonly expected: number;
  /** Event ids seen more than once. */
  readonly duplicates: number;
  /** Appended events the scan never returned. */
  readonly missing: number;
  /** Events not after the one before in log order (checkpoint, or position when there is none). */
  readonly outOfOrder: number;
}

export interface StreamReads {
  readonly reads: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Reads that did not return the whole stream. */
  readonly shortReads: number;
}

const CHUNK_EVENTS = 10_000;

/** W1: one client, one event per append, round-robin over the W1 streams. */
export function runW1(system: BenchSystem, sizes: WorkloadSizes): Promise<AppendRun> {
  return runSequential(system, w1Chunks(sizes, CHUNK_EVENTS), w1Events(sizes), w1Events(sizes));
}

/** W2: concurrent callers, each awaiting its own appends one after the other. */
export async function runW2(system: BenchSystem, sizes: WorkloadSizes): Promise<AppendRun> {
  const callers = w2CallerAppends(sizes);
  const appends = callers.reduce((sum, list) => sum + list.length, 0);
  const latencies = new LatencyRecorder(appends);
  const caller = async (list: readonly BenchAppend[]) => {
    for (const append of list) {
      const start = process.hrtime.bigint();
      await system.append(append);
      latencies.record(start, process.hrtime.bigint());
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(callers.map(caller));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return appendRun(w2Events(sizes), appends, seconds, latencies);
}

/** W3: one client, a hundred events per append, one append per stream. */
export function runW3(system: BenchSystem, sizes: WorkloadSizes): Promise<AppendRun> {
  return runSequential(system, w3Chunks(sizes, CHUNK_EVENTS), w3Events(sizes), sizes.w3Streams);
}

/**
 * W4: the whole global log from its start, page by page. Only the reads are timed; checking the
 * page (ids seen, positions rising) happens between them.
 */
export async function runW4(system: BenchSystem, sizes: WorkloadSizes): Promise<LogScan> {
  const expected = loggedEvents(sizes);
  const reader = await system.openLog(sizes.w4PageSize, 'start');
  const seen = new Set<string>();
  let duplicates = 0;
  let outOfOrder = 0;
  let read = 0;
  let previousPosition: bigint | number = -1;
  let previousCheckpoint = '';
  let timed = 0n;
  for (;;) {
    const start = process.hrtime.bigint();
    const page = await reader.next();
    timed += process.hrtime.bigint() - start;
    for (const event of page.events) {
      if (seen.has(event.eventId)) duplicates += 1;
      else seen.add(event.eventId);
      if (event.checkpoint !== undefined) {
        if (event.checkpoint <= previousCheckpoint) outOfOrder += 1;
        previousCheckpoint = event.checkpoint;
      } else {
        if (event.globalPosition <= previousPosition) outOfOrder += 1;
        previousPosition = event.globalPosition;
      }
    }
    read += page.events.length;
    if (page.isEnd || page.events.length === 0) break;
  }
  const seconds = Number(timed) / 1e9;
  return {
    seconds,
    eventsPerSec: read / seconds,
    read,
    expected,
    duplicates,
    missing: Math.max(0, expected - seen.size),
    outOfOrder,
  };
}

/** W5: one stream of a hundred events, read and decoded again and again. */
export async function runW5(system: BenchSystem, sizes: WorkloadSizes): Promise<StreamReads> {
  const streamId = w5Stream(sizes);
  const latencies = new LatencyRecorder(sizes.w5Reads);
  let shortReads = 0;
  for (let i = 0; i < sizes.w5Reads; i += 1) {
    const start = process.hrtime.bigint();
    const events = await system.readStream(streamId);
    latencies.record(start, process.hrtime.bigint());
    if (events.length !== sizes.w3EventsPerAppend) shortReads += 1;
  }
  return { reads: sizes.w5Reads, p50Ms: latencies.percentile(50), p99Ms: latencies.percentile(99), shortReads };
}

/** One client; each chunk is generated before its timed section starts. */
async function runSequential(
  system: BenchSystem,
  chunks: Iterable<BenchAppend[]>,
  events: number,
  appends: number,
): Promise<AppendRun> {
  const latencies = new LatencyRecorder(appends);
  let timed = 0n;
  for (const chunk of chunks) {
    const chunkStart = process.hrtime.bigint();
    for (const append of chunk) {
      const start = process.hrtime.bigint();
      await system.append(append);
      latencies.record(start, process.hrtime.bigint());
    }
    timed += process.hrtime.bigint() - chunkStart;
  }
  return appendRun(events, appends, Number(timed) / 1e9, latencies);
}

function appendRun(events: number, appends: number, seconds: number, latencies: LatencyRecorder): AppendRun {
  return {
    events,
    appends,
    seconds,
    eventsPerSec: events / seconds,
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
  };
}
