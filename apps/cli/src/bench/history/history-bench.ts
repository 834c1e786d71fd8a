import { caseStreamIdOf } from '@app/assistance-cases/http';
import { CaseHistoryService } from '@app/assistance-cases/http/case-history.service';
import { nextMonth, previousMonth } from '@app/calendar';
import { paymentIdOf, type SettlementResult } from '@app/payments';
import type { HttpCommandContext } from '@app/platform';
import { cpus } from 'node:os';
import { BatchLedger, type BatchBenchStore } from '../batch/batch-ledger';
import { APPROVER, BENCH_TOWNSHIP, benchHouseholds, CLERK, type Progress, seedApprovedCases } from '../batch/batch-seed';
import { probePostgres } from '../postgres-admin';
import { LatencyRecorder } from '../stats';

export interface HistoryBenchConfig {
  readonly store: BatchBenchStore;
  readonly databaseUrl: string;
  /** Events the case stream holds before reading. */
  readonly events: number;
  readonly reads: number;
}

const INSPECTOR: HttpCommandContext = {
  principal: { sub: 'inspector-1', roles: ['discipline-inspector'], unit: '3306' },
  correlationId: 'bench-history',
};
const FIRST_MONTH = '2021-04';

/**
 * The as-of history of one real case, as an inspector reads it: a 低保 case approved through the
 * command path, then paid month after month (each month the township's batch run schedules the
 * payment and the bank's result is recorded in the case) with a yearly review, until its stream
 * holds `events` events. Then `reads` reads at random revisions through the case-history service
 * (read the stream, check jurisdiction on the current state, cut at the revision, fold, render,
 * and append the access record, which is a durable write), interleaved with raw readStream calls
 * of the same stream, and the same reads without the access record.
 */
export async function runHistoryBench(config: HistoryBenchConfig): Promise<void> {
  const progress: Progress = (line) => process.stderr.write(`${line}\n`);
  if (config.store === 'postgres') {
    const probe = await probePostgres(config.databaseUrl);
    if (!probe.reachable) throw new Error(`PostgreSQL is unreachable (${probe.reason})`);
  }
  const ledger = await BatchLedger.open(config.store, config.databaseUrl, 1);
  try {
    const [household] = benchHouseholds(1);
    const streamId = caseStreamIdOf(household.caseId);
    progress(`building case ${household.caseId} to ${config.events} events (${ledger.description}); not timed`);
    await seedApprovedCases(ledger, [household], 1, () => undefined);
    const length = async () => (await ledger.store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))[0].revision + 1n;
    let month = FIRST_MONTH;
    for (let monthsPaid = 0; (await length()) + 2n <= BigInt(config.events); monthsPaid += 1) {
      if (monthsPaid > 0 && monthsPaid % 12 === 0 && (await length()) + 3n <= BigInt(config.events)) {
        await review(ledger, household.caseId, `${month}-02`);
      }
      await payMonth(ledger, household.caseId, month);
      month = nextMonth(month);
    }
    if ((await length()) < BigInt(config.events)) await review(ledger, household.caseId, `${month}-02`);
    const events = await ledger.store.readStream(streamId);
    progress(`  ${events.length} events in ${streamId}, ${events[0].metadata.occurredAt} to ${events.at(-1)!.metadata.occurredAt}`);

    ledger.clock.set(`${month}-15T02:00:00.000Z`);
    const service = new CaseHistoryService(ledger.store, ledger.caseDecider, ledger.clock, ledger.executor);
    const decider = ledger.caseDecider;
    const withRecord = new LatencyRecorder(config.reads);
    const foldOnly = new LatencyRecorder(config.reads);
    const raw = new LatencyRecorder(config.reads);
    let random = 0x5eed;
    const nextRevision = () => {
      random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0;
      return (random >>> 8) % events.length;
    };
    for (let i = 0; i < 50; i += 1) await ledger.store.readStream(streamId);
    for (let i = 0; i < config.reads; i += 1) {
      const revision = nextRevision();
      let started = process.hrtime.bigint();
      const all = await ledger.store.readStream(streamId);
      raw.record(started, process.hrtime.bigint());
      if (all.length !== events.length) throw new Error(`the stream holds ${all.length} events`);

      started = process.hrtime.bigint();
      const view = await service.read(household.caseId, { asOf: String(revision), purpose: '专项治理抽查' }, INSPECTOR);
      withRecord.record(started, process.hrtime.bigint());
      if (view.events.length !== revision + 1) throw new Error(`as-of ${revision} returned ${view.events.length} events`);

      started = process.hrtime.bigint();
      const upTo = await ledger.store.readStream(streamId, { toRevision: BigInt(revision) });
      const state = upTo.reduce((s, event) => decider.evolve(s, event as never), decider.initialState());
      foldOnly.record(started, process.hrtime.bigint());
      if (upTo.length !== revision + 1 || state.caseId !== household.caseId) throw new Error(`fold to ${revision} went wrong`);
    }

    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const lines = [
      `Case history benchmark — one ${events.length}-event 低保 case, ${config.store === 'postgres' ? 'PostgreSQL' : 'SQLite (WAL, synchronous=FULL)'}, ` +
        `Node ${process.version}, ${cpus().length} cores, ${config.reads.toLocaleString('en-US')} reads at random revisions`,
      '',
      '| read | p50 ms | p99 ms | p50 vs raw readStream |',
      '|---|---:|---:|---:|',
      `| raw readStream of the whole case (baseline) | ${raw.percentile(50).toFixed(3)} | ${raw.percentile(99).toFixed(3)} | 1.00× |`,
      `| events up to the revision, folded into the case state | ${foldOnly.percentile(50).toFixed(3)} | ${foldOnly.percentile(99).toFixed(3)} | ${ratio(foldOnly.percentile(50), raw.percentile(50))} |`,
      `| GET /cases/:id/history?asOf=<revision> as served: read, fold twice, render, append the access record | ${withRecord.percentile(50).toFixed(3)} | ${withRecord.percentile(99).toFixed(3)} | ${ratio(withRecord.percentile(50), raw.percentile(50))} |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await ledger.dispose();
  }
}

/** The township's batch for `month`: the case payment scheduled on the 25th before, paid by the bank on the 2nd. */
async function payMonth(ledger: BatchLedger, caseId: string, month: string): Promise<void> {
  const before = previousMonth(month);
  ledger.clock.set(`${before}-25T01:00:00.000Z`);
  const run = await ledger.runner.run(CLERK, BENCH_TOWNSHIP, month);
  if (run.run.failed.length > 0 || run.state.payments.count !== 1) {
    throw new Error(`the ${month} run paid ${run.state.payments.count} cases: ${JSON.stringify(run.run.failed)}`);
  }
  ledger.clock.set(`${before}-28T01:00:00.000Z`);
  await ledger.runner.submit(APPROVER, run.run.batchId, `SXBANK-${month}-001`);
  ledger.clock.set(`${month}-02T01:00:00.000Z`);
  const results: SettlementResult[] = [{ paymentId: paymentIdOf(caseId, month, 'assistance'), outcome: 'paid', bankReference: `BK-${month}-1` }];
  await ledger.runner.settle(CLERK, run.run.batchId, results);
}

/** The yearly 定期核查 that finds nothing changed. */
async function review(ledger: BatchLedger, caseId: string, reviewedOn: string): Promise<void> {
  ledger.clock.set(`${reviewedOn}T03:00:00.000Z`);
  await ledger.executor.run({
    context: CLERK,
    decider: ledger.caseDecider,
    streamId: caseStreamIdOf(caseId),
    role: 'intake-clerk',
    type: 'RecordReview',
    data: { caseId, reviewedOn, outcome: 'unchanged', findings: '入户核查，家庭情况无变化' },
    view: () => null,
  });
}
