import { addMonths, createWorkingCalendar } from '@app/calendar';
import { type Checkpoint, type EventStore, LOG_START, type RecordedEvent } from '@app/ledger';
import { createReadStore, type ReadStore } from '@app/projections';
import { RulesEngine, type RulesEngineSettings } from '@app/warnings/engine';
import { createIntegrityRules } from '@app/warnings/rules';
import { createWarningDecider } from '@app/warnings/warning.decider';
import type { WarningRaised } from '@app/warnings/warning.events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, type Subscription } from 'rxjs';
import { BatchLedger, type BatchBenchStore } from '../batch/batch-ledger';
import { BENCH_TOWNSHIP, type Progress } from '../batch/batch-seed';
import { dropSchema, freshSchemaName, probePostgres } from '../postgres-admin';
import { LatencyRecorder } from '../stats';
import { DEATH_EVERY, DIED_ON, FIRST_MONTH, recordDeath, rulesHouseholds, seedRulesLog, SHARED_ACCOUNT_EVERY } from './rules-seed';

export interface RulesBenchConfig {
  readonly households: number;
  readonly months: number;
  readonly store: BatchBenchStore;
  readonly databaseUrl: string;
  readonly concurrency: number;
  /** Anomalous appends timed until their WarningRaised is in the log. */
  readonly latencySamples: number;
  /** The engine's bufferTime window in the latency run. */
  readonly batchMaxMs: number;
  /** Repetitions of the read-only passes; the medians are reported. */
  readonly runs: number;
}

interface Pass {
  readonly name: string;
  readonly events: number;
  readonly raised: number | null;
  readonly seconds: number;
}

/**
 * Rules throughput and append-to-raise latency over a realistic township log, against a raw
 * readAll of the same log in the same run. Progress to stderr, tables to stdout.
 */
export async function runRulesBench(config: RulesBenchConfig): Promise<void> {
  const progress: Progress = (line) => process.stderr.write(`${line}\n`);
  if (config.store === 'postgres') {
    const probe = await probePostgres(config.databaseUrl);
    if (!probe.reachable) throw new Error(`PostgreSQL is unreachable (${probe.reason})`);
  }
  const ledger = await BatchLedger.open(config.store, config.databaseUrl, config.concurrency);
  const read = await openReadStore(config);
  try {
    const households = rulesHouseholds(config.households);
    const months = Array.from({ length: config.months }, (_, i) => addMonths(FIRST_MONTH, i));
    progress(`seeding ${households.length.toLocaleString('en-US')} 低保 cases in ${BENCH_TOWNSHIP}, paid ${months.join(', ')} (${ledger.description}); not timed`);
    await seedRulesLog(ledger, households, months, config.concurrency, progress);
    const seeded = Number((await ledger.store.head()).eventCount);
    progress(`  ${seeded.toLocaleString('en-US')} events`);

    // Every rule with its defaults, as the API runs them without a policy file.
    const rules = createIntegrityRules();
    const decider = createWarningDecider({ calendar: createWorkingCalendar() });
    const engine = (settings: Partial<RulesEngineSettings> = {}) =>
      new RulesEngine({ store: ledger.store, readStore: read.store, decider, rules, clock: ledger.clock, ids: ledger.ids, settings });
    ledger.clock.set(`${months[months.length - 1]}-06T02:00:00.000Z`);

    const passes = new Map<string, Pass[]>();
    const timed = async (name: string, work: () => Promise<{ events: number; raised: number | null }>) => {
      const started = process.hrtime.bigint();
      const { events, raised } = await work();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      passes.set(name, [...(passes.get(name) ?? []), { name, events, raised, seconds }]);
      progress(`  ${name}: ${events.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s`);
    };

    const RAW = 'raw readAll of the log, pages of 1,000 (baseline)';
    await readAllOf(ledger.store); // warm-up
    await timed(RAW, async () => ({ events: (await readAllOf(ledger.store)).length, raised: null }));
    await timed('engine, first pass: fold cases, judge with every rule, raise', () => engine().runOnce());
    const afterFirst = await readAllOf(ledger.store);
    // The machine is shared and noisy: each pass again, interleaved with the baseline, and the medians compared.
    for (let run = 1; run <= config.runs; run++) {
      await timed(RAW, async () => ({ events: (await readAllOf(ledger.store)).length, raised: null }));
      const rebuilt = engine();
      await timed('engine, restart: rebuild the rules’ state up to the checkpoint, no raising', () =>
        rebuilt.runOnce().then((report) => ({ events: afterFirst.length + report.events, raised: report.raised })),
      );
      const replay = engine();
      await replay.resetCheckpoint();
      await timed('engine, replay with the checkpoint reset: every finding again, nothing raised twice', () => replay.runOnce());
    }
    const afterReplay = await readAllOf(ledger.store);
    const unchanged = afterReplay.length === afterFirst.length;

    const byRule = countByRule(afterReplay);
    progress(`measuring append-to-raise latency over ${config.latencySamples} late-recorded deaths`);
    const latency = await measureLatency(ledger, engine({ batchMaxMs: config.batchMaxMs }), households, config.latencySamples);

    const medians = [...passes.values()].map((runs) => {
      const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
      return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs: runs.length };
    });
    const raw = medians[0];
    const rate = (p: Pass) => p.events / p.seconds;
    const lines = [
      `Rules benchmark — ${households.length.toLocaleString('en-US')} 低保 households in one township paid ${months.length} months, ` +
        `${config.store === 'postgres' ? 'PostgreSQL' : 'SQLite (WAL, synchronous=FULL)'}, Node ${process.version}, ${cpus().length} cores, ` +
        `${rules.length} rules (${rules.map((r) => r.id).join(', ')})`,
      `log: ${afterFirst.length.toLocaleString('en-US')} events; anomalies: 1 household in ${SHARED_ACCOUNT_EVERY} gives its neighbour's account, ` +
        `1 in ${DEATH_EVERY} dies on ${DIED_ON}, recorded after later months were paid`,
      '',
      '| pass | runs (median) | events | warnings raised | seconds | events/s | vs raw readAll |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...medians.map(
        (p) =>
          `| ${p.name} | ${p.runs} | ${p.events.toLocaleString('en-US')} | ${p.raised === null ? '—' : p.raised.toLocaleString('en-US')} | ` +
          `${p.seconds.toFixed(2)} | ${Math.round(rate(p)).toLocaleString('en-US')} | ${(rate(p) / rate(raw)).toFixed(2)}× |`,
      ),
      '',
      `replay appended nothing: ${unchanged ? 'yes' : `NO (${afterReplay.length - afterFirst.length} events)`}`,
      `warnings by rule: ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'}`,
      '',
      `latency over ${latency.samples} appends, one at a time (a late MemberDied through the command path; engine live, bufferTime ${config.batchMaxMs} ms):`,
      '',
      '| from the start of the append until a subscriber of the log reads … | p50 ms | p99 ms |',
      '|---|---:|---:|',
      `| the MemberDied itself (baseline) | ${latency.visible.percentile(50).toFixed(1)} | ${latency.visible.percentile(99).toFixed(1)} |`,
      `| its WarningRaised | ${latency.raised.percentile(50).toFixed(1)} | ${latency.raised.percentile(99).toFixed(1)} |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await read.close();
    await ledger.dispose();
  }
}

interface Latencies {
  /** The appended MemberDied read back by a subscriber of the log: the floor any reader of the log sees. */
  readonly visible: LatencyRecorder;
  /** Its WarningRaised read back by the same subscriber. */
  readonly raised: LatencyRecorder;
  readonly samples: number;
}

/**
 * Starts the engine live, then, one at a time, records a late death in a paid case through the
 * command path and waits, on a second subscription to the log, for the death and for its warning.
 */
async function measureLatency(
  ledger: BatchLedger,
  engine: RulesEngine,
  households: ReturnType<typeof rulesHouseholds>,
  wanted: number,
): Promise<Latencies> {
  const candidates = households.filter((h) => (h.n + 1) % DEATH_EVERY !== 0);
  const samples = Math.min(wanted, candidates.length);
  const latencies: Latencies = { visible: new LatencyRecorder(samples), raised: new LatencyRecorder(samples), samples };
  await engine.start();
  const waiting = new Map<string, { readonly died: () => void; readonly raised: () => void }>();
  const from: Checkpoint = (await ledger.store.head()).checkpoint;
  const watch: Subscription = ledger.store
    .subscribe({ from })
    .pipe(filter((event) => event.type === 'MemberDied' || event.type === 'WarningRaised'))
    .subscribe((event) => {
      const caseId = (event.data as { caseId: string | null }).caseId;
      const waiter = caseId === null ? undefined : waiting.get(caseId);
      if (event.type === 'MemberDied') waiter?.died();
      else waiter?.raised();
    });
  try {
    for (let i = 0; i < samples; i++) {
      // 7919 is prime, so the cases differ for as many samples as there are candidates.
      const h = candidates[(i * 7919) % candidates.length];
      const started = process.hrtime.bigint();
      const seen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no warning for ${h.caseId} within 10 s`)), 10_000);
        waiting.set(h.caseId, {
          died: () => latencies.visible.record(started, process.hrtime.bigint()),
          raised: () => {
            latencies.raised.record(started, process.hrtime.bigint());
            clearTimeout(timer);
            resolve();
          },
        });
      });
      await recordDeath(ledger, h, DIED_ON);
      await seen;
      waiting.delete(h.caseId);
    }
  } finally {
    watch.unsubscribe();
    await engine.stop();
  }
  return latencies;
}

async function readAllOf(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from = LOG_START;
  for (;;) {
    const page = await store.readAll({ from, maxCount: 1000 });
    for (const event of page.events) events.push(event);
    from = page.next;
    if (page.isEnd) return events;
  }
}

function countByRule(events: readonly RecordedEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'WarningRaised') continue;
    const ruleId = (event.data as WarningRaised['data']).ruleId;
    counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
  }
  return new Map([...counts].sort());
}

async function openReadStore(config: RulesBenchConfig): Promise<{ store: ReadStore; close: () => Promise<void> }> {
  if (config.store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-rules-'));
    const store = await createReadStore({ kind: 'sqlite', file: join(dir, 'read.sqlite') });
    return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = freshSchemaName('rules_read');
  const store = await createReadStore({ kind: 'postgres', connectionString: config.databaseUrl, schema });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(config.databaseUrl, schema);
    },
  };
}
