import { createCaseDecider } from '@app/assistance-cases';
import { CaseHistoryService } from '@app/assistance-cases/http/case-history.service';
import { createWorkingCalendar } from '@app/calendar';
import type { EventStore } from '@app/ledger';
import { verifyLedger } from '@app/ledger/chain-verifier';
import { createEventStore } from '@app/ledger/create-event-store';
import { type AppConfig, CommandExecutor, describeStore, type HttpCommandContext, SystemClock, TimeOrderedIdSource, toEventStoreConfig } from '@app/platform';
import { createReadStore, ProjectionRunner, type ReadStoreConfig } from '@app/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../../../api/src/projections';
import { databaseBytes } from '../../seed/seed.command';
import { dropSchema, freshSchemaName } from '../postgres-admin';
import { LatencyRecorder } from '../stats';

export type CityMeasure = 'verify' | 'build' | 'history';
export const CITY_MEASURES: readonly CityMeasure[] = ['verify', 'build', 'history'];

export interface CityBenchOptions {
  readonly measures: readonly CityMeasure[];
  /** As-of history reads, each of a random case at a random revision. */
  readonly reads: number;
}

export interface CityBenchResult {
  readonly store: string;
  readonly events: number;
  readonly caseStreams: number;
  readonly databaseBytes: number | null;
  readonly verify?: { readonly seconds: number; readonly eventsPerSecond: number; readonly ok: boolean };
  readonly build?: { readonly seconds: number; readonly eventsPerSecond: number; readonly projections: number };
  readonly history?: {
    readonly reads: number;
    readonly asServed: { readonly p50: number; readonly p99: number };
    readonly foldOnly: { readonly p50: number; readonly p99: number };
    readonly rawRead: { readonly p50: number; readonly p99: number };
  };
}

const INSPECTOR: HttpCommandContext = {
  principal: { sub: 'bench-inspector', roles: ['discipline-inspector'], unit: '3306' },
  correlationId: 'bench-city',
};

/**
 * The whole system over a ledger already there (a seeded city): `ledger verify`'s pass over every
 * hash and chain; every read model built from position 0 into empty tables (a fresh read store
 * beside the city's, so the city's own read models are left alone), as the API's first start or
 * `ledger rebuild` builds them; and an inspector's as-of history of random cases at random
 * revisions through the case-history service, as GET /cases/:id/history serves it (each read is
 * recorded in the access log, as every inspector's read is).
 */
export async function runCityBench(config: AppConfig, options: CityBenchOptions, progress: (line: string) => void): Promise<CityBenchResult> {
  const store = await createEventStore(toEventStoreConfig(config));
  try {
    const events = Number((await store.head()).eventCount);
    if (events === 0) throw new Error(`the ledger is empty (${describeStore(config)}); seed one first with ledger seed`);
    const cases: { id: string; length: number }[] = [];
    for await (const head of store.streamHeads()) {
      if (head.streamId.startsWith('case-')) cases.push({ id: head.streamId.slice('case-'.length), length: Number(head.revision) + 1 });
    }
    const base = { store: describeStore(config), events, caseStreams: cases.length, databaseBytes: config.store.kind === 'sqlite' ? databaseBytes(config.store.file) : null };
    const result: { -readonly [K in keyof CityBenchResult]: CityBenchResult[K] } = { ...base };
    if (options.measures.includes('verify')) {
      progress(`verify: every hash and chain of ${events.toLocaleString('en-US')} events`);
      const started = performance.now();
      const report = await verifyLedger(store);
      const seconds = (performance.now() - started) / 1000;
      result.verify = { seconds, eventsPerSecond: events / seconds, ok: report.ok };
    }
    if (options.measures.includes('build')) {
      progress(`build: ${ALL_PROJECTIONS.length} read models from position 0 into a fresh read store`);
      const seconds = await buildAll(config, store);
      result.build = { seconds, eventsPerSecond: events / seconds, projections: ALL_PROJECTIONS.length };
    }
    if (options.measures.includes('history') && cases.length > 0) {
      progress(`history: ${options.reads} as-of reads over ${cases.length.toLocaleString('en-US')} cases`);
      result.history = await historyReads(store, cases, options.reads);
    }
    return result;
  } finally {
    await store.close();
  }
}

async function buildAll(config: AppConfig, store: EventStore): Promise<number> {
  let readConfig: ReadStoreConfig;
  let cleanUp: () => Promise<void>;
  if (config.store.kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-city-'));
    readConfig = { kind: 'sqlite', file: join(dir, 'read.sqlite') };
    cleanUp = async () => rmSync(dir, { recursive: true, force: true });
  } else if (config.store.kind === 'postgres') {
    const schema = freshSchemaName('city_read');
    const url = config.store.databaseUrl;
    readConfig = { kind: 'postgres', connectionString: url, schema };
    cleanUp = () => dropSchema(url, schema);
  } else {
    throw new Error('bench city builds read models on the embedded store or PostgreSQL');
  }
  try {
    const readStore = await createReadStore(readConfig);
    const runner = new ProjectionRunner({ store, readStore, projections: ALL_PROJECTIONS });
    try {
      const { checkpoint } = await store.head();
      const started = performance.now();
      await runner.start();
      await Promise.all(ALL_PROJECTIONS.map((p) => runner.waitFor(p.name, checkpoint, 24 * 3600_000)));
      const seconds = (performance.now() - started) / 1000;
      const failed = (await runner.status()).filter((s) => s.state === 'failed');
      if (failed.length > 0) throw new Error(`read models failed: ${failed.map((s) => `${s.name}: ${s.error}`).join('; ')}`);
      return seconds;
    } finally {
      await runner.dispose();
      await readStore.close();
    }
  } finally {
    await cleanUp();
  }
}

async function historyReads(store: EventStore, cases: readonly { id: string; length: number }[], reads: number): Promise<NonNullable<CityBenchResult['history']>> {
  const decider = createCaseDecider({ calendar: createWorkingCalendar() });
  const clock = new SystemClock();
  const service = new CaseHistoryService(store, decider, clock, new CommandExecutor(store, clock, new TimeOrderedIdSource()));
  let random = 0x5eed;
  const next = (n: number) => {
    random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0;
    return (random >>> 8) % n;
  };
  const asServed = new LatencyRecorder(reads);
  const foldOnly = new LatencyRecorder(reads);
  const raw = new LatencyRecorder(reads);
  for (let i = 0; i < 50; i++) await store.readStream(`case-${cases[next(cases.length)].id}`);
  for (let i = 0; i < reads; i++) {
    const c = cases[next(cases.length)];
    const revision = next(c.length);
    const streamId = `case-${c.id}`;
    let started = process.hrtime.bigint();
    const all = await store.readStream(streamId);
    raw.record(started, process.hrtime.bigint());
    if (all.length < c.length) throw new Error(`${streamId} holds ${all.length} events, fewer than ${c.length}`);

    started = process.hrtime.bigint();
    const upTo = await store.readStream(streamId, { toRevision: BigInt(revision) });
    const state = upTo.reduce((s, event) => decider.evolve(s, event as never), decider.initialState());
    foldOnly.record(started, process.hrtime.bigint());
    if (state.caseId !== c.id) throw new Error(`fold of ${streamId} to ${revision} went wrong`);

    started = process.hrtime.bigint();
    const view = await service.read(c.id, { asOf: String(revision), purpose: '专项治理抽查' }, INSPECTOR);
    asServed.record(started, process.hrtime.bigint());
    if (view.events.length !== revision + 1) throw new Error(`as-of ${revision} of ${streamId} returned ${view.events.length} events`);
  }
  const of = (r: LatencyRecorder) => ({ p50: r.percentile(50), p99: r.percentile(99) });
  return { reads, asServed: of(asServed), foldOnly: of(foldOnly), rawRead: of(raw) };
}

export function cityTable(r: CityBenchResult): string {
  const ms = (x: number) => x.toFixed(2);
  const rows = [
    `City benchmark — ${r.store}; Node ${process.version}, ${cpus().length} cores`,
    '',
    '| measure | figure |',
    '|---|---:|',
    `| events in the log | ${r.events.toLocaleString('en-US')} |`,
    `| cases | ${r.caseStreams.toLocaleString('en-US')} |`,
    ...(r.databaseBytes === null ? [] : [`| database size | ${(r.databaseBytes / 1024 ** 2).toFixed(0)} MiB |`]),
    ...(r.verify
      ? [`| ledger verify: every hash and chain | ${r.verify.seconds.toFixed(1)} s (${Math.round(r.verify.eventsPerSecond).toLocaleString('en-US')} events/s)${r.verify.ok ? '' : ' BROKEN'} |`]
      : []),
    ...(r.build
      ? [`| full build of all ${r.build.projections} read models from position 0 | ${r.build.seconds.toFixed(1)} s (${Math.round(r.build.eventsPerSecond).toLocaleString('en-US')} events/s) |`]
      : []),
    ...(r.history
      ? [
          `| as-of history, as served (read, fold, render, access record), p50 / p99 | ${ms(r.history.asServed.p50)} / ${ms(r.history.asServed.p99)} ms |`,
          `| as-of fold only, p50 / p99 | ${ms(r.history.foldOnly.p50)} / ${ms(r.history.foldOnly.p99)} ms |`,
          `| raw readStream of the case (baseline), p50 / p99 | ${ms(r.history.rawRead.p50)} / ${ms(r.history.rawRead.p99)} ms |`,
        ]
      : []),
  ];
  return rows.join('\n');
}
