import type { SettlementResult } from '@app/payments';
import { verifyLedger } from '@app/ledger';
import { paymentIdOf } from '@app/payments';
import Database from 'better-sqlite3';
import { cpus } from 'node:os';
import { probePostgres } from '../postgres-admin';
import { BatchLedger, type BatchBenchStore } from './batch-ledger';
import { APPROVER, BENCH_TOWNSHIP, benchHouseholds, CLERK, type Progress, seedApprovedCases } from './batch-seed';

export interface BatchBenchConfig {
  readonly households: number;
  readonly store: BatchBenchStore;
  readonly databaseUrl: string;
  /** Commands in flight at once, for the seeding and inside the runner. */
  readonly concurrency: number;
}

interface Phase {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
}

const MONTH = '2021-04';

/** One bank line in a hundred comes back: a closed account. */
const RETURNED_EVERY = 100;

/**
 * The monthly payment run of one township on a fresh store: `households` approved 低保 cases are
 * seeded through the command path (not timed), then the batch run (one SchedulePayment per case,
 * the answers listed on the batch) and the settlement and reconciliation (the bank's results on
 * the batch and in every case stream, the case streams read back, ReconcileBatch) are timed.
 * Progress goes to stderr, the table to stdout.
 */
export async function runBatchBench(config: BatchBenchConfig): Promise<void> {
  const progress: Progress = (line) => process.stderr.write(`${line}\n`);
  if (config.store === 'postgres') {
    const probe = await probePostgres(config.databaseUrl);
    if (!probe.reachable) throw new Error(`PostgreSQL is unreachable (${probe.reason})`);
  }
  const ledger = await BatchLedger.open(config.store, config.databaseUrl, config.concurrency);
  try {
    const households = benchHouseholds(config.households);
    const count = households.length.toLocaleString('en-US');
    progress(`seeding ${count} approved 低保 cases in ${BENCH_TOWNSHIP} (${ledger.description}); not timed`);
    const seedStarted = process.hrtime.bigint();
    await seedApprovedCases(ledger, households, config.concurrency, progress);
    const seeded = await ledger.eventCount();
    progress(`  seeded ${seeded.toLocaleString('en-US')} events in ${seconds(seedStarted).toFixed(1)} s`);

    const phases: Phase[] = [];
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const before = await ledger.eventCount();
      const started = process.hrtime.bigint();
      const result = await work();
      const elapsed = seconds(started);
      phases.push({ name, events: (await ledger.eventCount()) - before, seconds: elapsed });
      progress(`  ${name}: ${elapsed.toFixed(2)} s`);
      return result;
    };

    ledger.clock.set('2021-03-25T01:00:00.000Z');
    progress(`running the ${MONTH} batch`);
    const run = await timed('batch run: schedule every case payment, list them on the batch', () =>
      ledger.runner.run(CLERK, BENCH_TOWNSHIP, MONTH),
    );
    if (run.run.failed.length > 0 || run.state.payments.count !== households.length) {
      throw new Error(`the run paid ${run.state.payments.count} of ${households.length} cases (${run.run.failed.length} failed)`);
    }

    ledger.clock.set('2021-03-28T01:00:00.000Z');
    await ledger.runner.submit(APPROVER, run.run.batchId, `SXBANK-${MONTH}-001`);
    ledger.clock.set('2021-04-02T01:00:00.000Z');
    const results = bankFile(households.map((h) => paymentIdOf(h.caseId, MONTH, 'assistance')));
    progress('recording the bank file and reconciling');
    const settled = await timed('settlement: bank results on the batch and in every case', () =>
      ledger.runner.settle(CLERK, run.run.batchId, results),
    );
    const reconciled = await timed('reconciliation: read the case streams back, ReconcileBatch', () =>
      ledger.runner.reconcile(CLERK, run.run.batchId),
    );

    const check = reconciled.state.reconciliation;
    progress('verifying the hash chains (not timed)');
    const chain = await verifyLedger(ledger.store);
    const { paid, returned } = settled.state.byOutcome;
    const lines = [
      `Batch benchmark — ${households.length.toLocaleString('en-US')} households in one township, ` +
        `${storeTitle(config.store)}, Node ${process.version}, ${cpus().length} cores, ${config.concurrency} commands in flight`,
      `seeded (not timed): ${seeded.toLocaleString('en-US')} events, ${households.length.toLocaleString('en-US')} approved cases`,
      '',
      '| phase | households | events appended | seconds | events/s | case commands/s |',
      '|---|---:|---:|---:|---:|---:|',
      ...phases.map((p) => row(p, households.length)),
      row(
        {
          name: 'settlement + reconciliation',
          events: phases[1].events + phases[2].events,
          seconds: phases[1].seconds + phases[2].seconds,
        },
        households.length,
      ),
      '',
      `batch ${run.run.batchId}: ${run.state.payments.count.toLocaleString('en-US')} payments, ` +
        `${formatFen(run.state.payments.totalFen)} 元; bank: ${paid.count.toLocaleString('en-US')} paid, ` +
        `${returned.count.toLocaleString('en-US')} returned; ` +
        `reconciliation: ${check?.result}, difference ${check?.differenceFen} 分`,
      `hash chains: ${chain.ok ? 'intact' : `${chain.breaks.length} breaks`} ` +
        `over ${chain.eventsChecked.toLocaleString('en-US')} events`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await ledger.dispose();
  }
}

function bankFile(paymentIds: readonly string[]): SettlementResult[] {
  return paymentIds.map((paymentId, i) =>
    (i + 1) % RETURNED_EVERY === 0
      ? { paymentId, outcome: 'returned', bankReference: `BK0402-${i + 1}`, reason: '账户已销户' }
      : { paymentId, outcome: 'paid', bankReference: `BK0402-${i + 1}` },
  );
}

function row(phase: Phase, households: number): string {
  const rate = (n: number) => Math.round(n / phase.seconds).toLocaleString('en-US');
  const cells = [
    phase.name,
    households.toLocaleString('en-US'),
    phase.events.toLocaleString('en-US'),
    phase.seconds.toFixed(2),
    rate(phase.events),
    rate(households),
  ];
  return `| ${cells.join(' | ')} |`;
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function formatFen(fen: number): string {
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
}

function storeTitle(store: BatchBenchStore): string {
  if (store === 'postgres') return 'PostgreSQL (pg 8, default durability)';
  const db = new Database(':memory:');
  try {
    const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
    return `SQLite ${version} (WAL, synchronous=FULL)`;
  } finally {
    db.close();
  }
}
