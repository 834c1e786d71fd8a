import { eventsAsOf } from '@app/assistance-cases/http/case-history.service';
import type { EventStore, RecordedEvent } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { PostgresReadStore, ProjectionRunner, readProjection, type ReadStore, SqliteReadStore } from '@app/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentEventFactory, householdStream } from '../payment-events';
import { dropSchema, freshSchemaName } from '../postgres-admin';
import { elapsedMs, LatencyRecorder, median } from '../stats';
import { PAYMENT_ACTIVITY, paymentActivity } from './payment-activity.projection';

export type ProjectionsBenchStore = 'sqlite' | 'postgres';

export interface ProjectionsBenchConfig {
  readonly events: number;
  readonly store: ProjectionsBenchStore;
  readonly runs: number;
  readonly databaseUrl: string;
}

/** Events per seeding append; not timed. */
const SEED_APPEND = 100;
/** Streams the seeded log is spread over, each taking several appends. */
const SEED_STREAMS = 1_000;
const PAGE_SIZE = 1_000;
const HISTORY_EVENTS = 150;
const AS_OF_READS = 1_000;
const HISTORY_STREAM = 'household-history-bench';
const SEED = 0x5eed;

interface RunResult {
  readonly rawReadPerSec: number;
  readonly catchUpPerSec: number;
  readonly rebuildPerSec: number;
  readonly asOf: { readonly p50: number; readonly p99: number };
  readonly rawStream: { readonly p50: number; readonly p99: number };
}

interface Stores {
  readonly events: EventStore;
  readonly read: ReadStore;
  dispose(): Promise<void>;
}

type Progress = (line: string) => void;

/**
 * Catch-up and rebuild of an async projection over a seeded log, and as-of reads of one stream,
 * each against the raw read of the same events in the same run. Progress to stderr, table to stdout.
 */
export async function runProjectionsBench(config: ProjectionsBenchConfig): Promise<void> {
  const progress: Progress = (line) => process.stderr.write(`${line}\n`);
  const results: RunResult[] = [];
  for (let run = 1; run <= config.runs; run += 1) {
    progress(`[run ${run}/${config.runs}] fresh ${config.store} stores, ${config.events.toLocaleString('en-US')} events`);
    const stores = await openStores(config);
    try {
      results.push(await measure(stores, config.events, progress));
    } finally {
      await stores.dispose().catch((error) => progress(`clean-up failed: ${String(error)}`));
    }
  }
  const m = (pick: (result: RunResult) => number) => median(results.map(pick));
  const rows: [string, number, number, string][] = [
    ['catch-up from 0 (events/s)', m((r) => r.catchUpPerSec), m((r) => r.rawReadPerSec), 'throughput'],
    ['rebuild (events/s)', m((r) => r.rebuildPerSec), m((r) => r.rawReadPerSec), 'throughput'],
    [`as-of read p50 (ms, ${HISTORY_EVENTS}-event stream)`, m((r) => r.asOf.p50), m((r) => r.rawStream.p50), 'latency'],
    [`as-of read p99 (ms, ${HISTORY_EVENTS}-event stream)`, m((r) => r.asOf.p99), m((r) => r.rawStream.p99), 'latency'],
  ];
  const header = [
    `Projections benchmark — ${config.store}, ${config.events.toLocaleString('en-US')} events, ` +
      `${config.runs} run(s) (median), Node ${process.version}, ${cpus().length} cores`,
    'raw baseline: store.readAll in pages of 1,000 with decode (throughput rows); store.readStream of the same stream (latency rows)',
    '',
  ];
  process.stdout.write(`${[...header, ...renderTable(rows)].join('\n')}\n`);
}

async function measure(stores: Stores, total: number, progress: Progress): Promise<RunResult> {
  const { events: store, read } = stores;
  const seedStart = process.hrtime.bigint();
  await seed(store, total);
  await seedHistory(store);
  const logged = total + HISTORY_EVENTS;
  progress(`  seeded ${logged.toLocaleString('en-US')} events in ${(elapsedMs(seedStart, process.hrtime.bigint()) / 1000).toFixed(1)} s`);

  const rawBefore = await rawRead(store, logged);
  progress(`  raw read: ${fmt(rawBefore)} events/s`);

  let catchUpPerSec: number;
  let rebuildPerSec: number;
  const runner = new ProjectionRunner({ store, readStore: read, projections: [paymentActivity()] });
  try {
    const started = process.hrtime.bigint();
    await runner.start();
    await untilCaughtUp(runner);
    const catchUpMs = elapsedMs(started, process.hrtime.bigint());
    catchUpPerSec = logged / (catchUpMs / 1000);
    progress(`  catch-up: ${fmt(catchUpPerSec)} events/s (${(catchUpMs / 1000).toFixed(2)} s)`);
    await checkRows(read, logged);

    const rebuildStart = process.hrtime.bigint();
    await runner.rebuild(PAYMENT_ACTIVITY);
    await untilCaughtUp(runner);
    const rebuildMs = elapsedMs(rebuildStart, process.hrtime.bigint());
    rebuildPerSec = logged / (rebuildMs / 1000);
    progress(`  rebuild: ${fmt(rebuildPerSec)} events/s (${(rebuildMs / 1000).toFixed(2)} s)`);
    await checkRows(read, logged);
  } finally {
    await runner.dispose();
  }
  const rawAfter = await rawRead(store, logged);
  progress(`  raw read again: ${fmt(rawAfter)} events/s`);

  const history = await asOfReads(store);
  progress(
    `  as-of p50/p99 ${history.asOf.p50.toFixed(3)}/${history.asOf.p99.toFixed(3)} ms; ` +
      `raw readStream ${history.rawStream.p50.toFixed(3)}/${history.rawStream.p99.toFixed(3)} ms`,
  );
  return { rawReadPerSec: median([rawBefore, rawAfter]), catchUpPerSec, rebuildPerSec, ...history };
}

/** The PEERS workload events, 100 per append, round-robin over the streams, each with its expected revision. */
async function seed(store: EventStore, total: number): Promise<void> {
  const factory = new PaymentEventFactory(SEED);
  const held = new Array<number>(SEED_STREAMS).fill(0);
  for (let done = 0, append = 0; done < total; append += 1) {
    const streamNo = append % SEED_STREAMS;
    const count = Math.min(SEED_APPEND, total - done);
    const commandId = factory.commandId();
    await store.append(householdStream(streamNo), factory.events(streamNo, held[streamNo], count, commandId), {
      expectedRevision: held[streamNo] === 0 ? 'no-stream' : BigInt(held[streamNo] - 1),
      commandId,
    });
    held[streamNo] += count;
    done += count;
  }
}

/** One stream of 150 payment events, appended ten at a time as a case's history grows. */
async function seedHistory(store: EventStore): Promise<void> {
  const factory = new PaymentEventFactory(SEED + 1);
  for (let held = 0; held < HISTORY_EVENTS; held += 10) {
    const commandId = factory.commandId();
    await store.append(HISTORY_STREAM, factory.events(HISTORY_STREAM_NO, held, 10, commandId), {
      expectedRevision: held === 0 ? 'no-stream' : BigInt(held - 1),
      commandId,
    });
  }
}
/** Stream number the history events are drawn for (their data only). */
const HISTORY_STREAM_NO = SEED_STREAMS;

/** The whole log in pages of 1,000, decoded by the store; checks the count. Events/s. */
async function rawRead(store: EventStore, expected: number): Promise<number> {
  const started = process.hrtime.bigint();
  let count = 0;
  for (let from = LOG_START; ; ) {
    const page = await store.readAll({ from, maxCount: PAGE_SIZE });
    count += page.events.length;
    from = page.next;
    if (page.isEnd) break;
  }
  const ms = elapsedMs(started, process.hrtime.bigint());
  if (count !== expected) throw new Error(`raw read saw ${count} events, expected ${expected}`);
  return count / (ms / 1000);
}

/** Polls the runner's status until the serving build has no lag and nothing is being rebuilt. */
async function untilCaughtUp(runner: ProjectionRunner): Promise<void> {
  for (;;) {
    const [status] = await runner.status();
    if (status.state === 'failed') throw new Error(`projection failed: ${status.error ?? 'unknown error'}`);
    if (status.lag === 0 && status.state === 'live') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every event was applied exactly once: the counts per stream add up to the log. */
async function checkRows(read: ReadStore, expected: number): Promise<void> {
  const row = await readProjection(read, PAYMENT_ACTIVITY, (s, table) =>
    s.get<{ total: number | string | null }>(`SELECT SUM(event_count) AS total FROM ${table('streams')}`),
  );
  const total = Number(row?.total ?? 0);
  if (total !== expected) throw new Error(`the projection counts ${total} events, expected ${expected}`);
}

interface HistoryState {
  readonly events: number;
  readonly lastType: string | null;
  readonly disbursedCents: number;
}

function evolve(state: HistoryState, event: RecordedEvent): HistoryState {
  const data = event.data as { amountCents?: number };
  return {
    events: state.events + 1,
    lastType: event.type,
    disbursedCents: state.disbursedCents + (event.type === 'PaymentDisbursed' ? Number(data.amountCents ?? 0) : 0),
  };
}

/**
 * 1,000 as-of reads at random revisions, the way the case history reads: the stream, the events up
 * to the revision (eventsAsOf), folded into the state; interleaved with raw reads of the same stream.
 */
async function asOfReads(store: EventStore): Promise<Pick<RunResult, 'asOf' | 'rawStream'>> {
  const ours = new LatencyRecorder(AS_OF_READS);
  const raw = new LatencyRecorder(AS_OF_READS);
  let random = SEED;
  const nextRevision = () => {
    random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0;
    return (random >>> 8) % HISTORY_EVENTS;
  };
  const initial: HistoryState = { events: 0, lastType: null, disbursedCents: 0 };
  // Warm-up, not recorded.
  for (let i = 0; i < 50; i += 1) await store.readStream(HISTORY_STREAM);
  for (let i = 0; i < AS_OF_READS; i += 1) {
    const revision = nextRevision();
    const rawStart = process.hrtime.bigint();
    const all = await store.readStream(HISTORY_STREAM);
    raw.record(rawStart, process.hrtime.bigint());
    if (all.length !== HISTORY_EVENTS) throw new Error(`the stream holds ${all.length} events`);

    const start = process.hrtime.bigint();
    const events = eventsAsOf(await store.readStream(HISTORY_STREAM), { kind: 'revision', revision: BigInt(revision) });
    const state = events.reduce(evolve, initial);
    ours.record(start, process.hrtime.bigint());
    if (state.events !== revision + 1) throw new Error(`as-of ${revision} folded ${state.events} events`);
  }
  return {
    asOf: { p50: ours.percentile(50), p99: ours.percentile(99) },
    rawStream: { p50: raw.percentile(50), p99: raw.percentile(99) },
  };
}

async function openStores(config: ProjectionsBenchConfig): Promise<Stores> {
  if (config.store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-projections-'));
    try {
      const events = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.db') });
      const read = await SqliteReadStore.open({ file: join(dir, 'read.sqlite') });
      return {
        events,
        read,
        dispose: async () => {
          try {
            await read.close();
            await events.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const schema = freshSchemaName('projections');
  const readSchema = `${schema}_read`;
  const drop = async () => {
    await dropSchema(config.databaseUrl, schema);
    await dropSchema(config.databaseUrl, readSchema);
  };
  try {
    const events = await createEventStore({ kind: 'postgres', connectionString: config.databaseUrl, schema });
    const read = await PostgresReadStore.open({ connectionString: config.databaseUrl, schema: readSchema });
    return {
      events,
      read,
      dispose: async () => {
        try {
          await read.close();
          await events.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}

function renderTable(rows: readonly [string, number, number, string][]): string[] {
  const lines = rows.map(([metric, ours, raw, kind]) => {
    const latency = kind === 'latency';
    const show = (value: number) => (latency ? value.toFixed(3) : fmt(value));
    // Throughput: ours / raw (higher is better). Latency: ours / raw (lower is better).
    return [metric, show(ours), show(raw), `${(ours / raw).toFixed(2)}×`];
  });
  const all = [['metric', 'ours', 'raw baseline', 'ratio'], ...lines];
  const widths = all[0].map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(all[0]), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.map(line)];
}

function fmt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
