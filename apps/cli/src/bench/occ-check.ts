import type { BenchSystem } from './bench-system';
import { errorMessage } from './stats';
import { type BenchAppend, occAppend, occFirstStream, type WorkloadSizes } from './workload-plan';

export interface OccOutcome {
  readonly pass: boolean;
  readonly detail: string;
}

/** The optimistic-concurrency check, each case decided by actually trying it. */
export interface OccResult {
  /** On a stream of k events, an append expecting k-1 is rejected. */
  readonly stale: OccOutcome;
  /** Expecting k is accepted. */
  readonly current: OccOutcome;
  /** On another stream of k events, expecting k+5 is rejected. */
  readonly ahead: OccOutcome;
  /** Every rejected append left the stream's events and the log head as they were. */
  readonly noTrace: OccOutcome;
}

const K = 5;
const SEED = 0x0cc0_0000;

type Attempt = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

export async function checkOcc(system: BenchSystem, sizes: WorkloadSizes): Promise<OccResult> {
  const first = occFirstStream(sizes);
  const a = first;
  const b = first + 1;
  await system.append(occAppend(a, 0, K, SEED + 1));
  await system.append(occAppend(b, 0, K, SEED + 2));
  const traces: string[] = [];

  const stale = await attemptLeavingNoTrace(system, occAppend(a, K - 1, 1, SEED + 3), traces);
  const current = await attempt(system, occAppend(a, K, 1, SEED + 4));
  const ahead = await attemptLeavingNoTrace(system, occAppend(b, K + 5, 1, SEED + 5), traces);

  return {
    stale: rejection(stale, `expecting ${K - 1} of ${K} events`),
    current: current.accepted
      ? { pass: true, detail: `expecting ${K} of ${K} events: accepted` }
      : { pass: false, detail: `expecting ${K} of ${K} events: rejected (${current.reason})` },
    ahead: rejection(ahead, `expecting ${K + 5} of ${K} events`),
    noTrace:
      traces.length === 0
        ? { pass: true, detail: 'rejected appends left the stream and the log head unchanged' }
        : { pass: false, detail: traces.join('; ') },
  };
}

/** Tries an append that should be refused, and records any trace it leaves when it is refused. */
async function attemptLeavingNoTrace(system: BenchSystem, append: BenchAppend, traces: string[]): Promise<Attempt> {
  const before = await snapshot(system, append.streamId);
  const outcome = await attempt(system, append);
  if (!outcome.accepted) {
    const after = await snapshot(system, append.streamId);
    if (after !== before) traces.push(`${append.streamId}: before [${before}], after [${after}]`);
  }
  return outcome;
}

async function attempt(system: BenchSystem, append: BenchAppend): Promise<Attempt> {
  try {
    await system.append(append);
    return { accepted: true };
  } catch (error) {
    return { accepted: false, reason: errorMessage(error) };
  }
}

async function snapshot(system: BenchSystem, streamId: string): Promise<string> {
  const events = await system.readStream(streamId);
  const ids = events.map((event) => event.eventId).join(',');
  return `${events.length} events ${ids}; log ${await system.logHead()}`;
}

function rejection(outcome: Attempt, what: string): OccOutcome {
  return outcome.accepted
    ? { pass: false, detail: `${what}: accepted` }
    : { pass: true, detail: `${what}: rejected (${outcome.reason})` };
}
