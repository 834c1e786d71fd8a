import type { EventStore } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { describeStore, toEventStoreConfig } from '@app/platform';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import type { TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import { loadTreeHeadSigner } from '@app/integrity/notary';
import { type AnomalyRates, DEFAULT_ANOMALY_RATES, drawCity } from './city-model';
import { CitySeeder, type SeedRunResult } from './city-seeder';
import { SeedLedger } from './seed-ledger';
import { truthOf } from './seed-truth';

export interface SeedOptions {
  readonly households: number;
  readonly months: number;
  readonly seed: number;
  readonly rates: AnomalyRates;
  readonly truthFile: string;
  /**
   * Signs the tree head the inspection campaigns draw their samples on (the deployment's tree-head
   * key); without one, no campaign is seeded and nothing is planted for rectification-overdue.
   */
  readonly treeHeadSigner?: TreeHeadSigner;
  /** Tests: stop after this many units, as an interruption would. */
  readonly stopAfterUnits?: number;
}

export interface SeedReport extends SeedRunResult {
  readonly events: number;
  readonly seconds: number;
  readonly planted: number;
}

/** Seeds `store` (left open) and, when the run completes, writes the truth file. */
export async function seedCity(store: EventStore, options: SeedOptions, io?: CliIo): Promise<SeedReport> {
  const started = performance.now();
  const city = drawCity(options);
  const ledger = new SeedLedger(store, options.seed);
  const bar =
    io?.stderr.isTTY === true
      ? new SingleBar(
          {
            stream: io.stderr as NodeJS.WritableStream,
            format: 'seeding |{bar}| {percentage}% {label} | {events} events, {rate} ev/s | {eta_formatted} left',
            hideCursor: true,
            etaBuffer: 200,
          },
          Presets.shades_classic,
        )
      : undefined;
  const first = await ledger.eventCount();
  let lastCount = 0;
  try {
    const seeder = new CitySeeder(ledger, city, options.treeHeadSigner, {
      unit: (done, total, label) => {
        if (!bar) return;
        if (done === 1) bar.start(total, 0, { label, events: 0, rate: 0 });
        // A head read per unit is cheap next to the unit's commands.
        void ledger.eventCount().then((n) => (lastCount = n));
        const seconds = (performance.now() - started) / 1000;
        bar.update(done, { label, events: lastCount.toLocaleString('en-US'), rate: Math.round((lastCount - first) / seconds) });
      },
    });
    const run = await seeder.run(options.stopAfterUnits);
    bar?.stop();
    let planted = 0;
    if (!run.interrupted) {
      const truth = await truthOf(city, ledger, seeder.inspections);
      planted = truth.length;
      mkdirSync(dirname(options.truthFile), { recursive: true });
      writeFileSync(options.truthFile, truth.map((t) => JSON.stringify(t)).join('\n') + '\n');
    }
    return { ...run, planted, events: await ledger.eventCount(), seconds: (performance.now() - started) / 1000 };
  } finally {
    bar?.stop();
    ledger.close();
  }
}

const count = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, not ${value}`);
  return n;
};

const rate = (value: string) => {
  const r = Number(value);
  if (!(r >= 0 && r <= 0.2)) throw new Error(`an anomaly rate is a fraction between 0 and 0.2, not ${value}`);
  return r;
};

export function registerSeedCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('seed'))
    .description(
      'seed a synthetic Shaoxing (6 counties, 103 townships) through the command path, with planted anomalies and their ' +
        'ground truth; deterministic for a seed (and tree-head key), and resumable: run it again after an interruption. ' +
        'Everything goes through the command path except the cases planted for publicity-missing, which the case decider ' +
        'would refuse: they are migrated legacy records (appended with metadata source legacy-migration). The inspection ' +
        "campaigns draw their samples on a tree head signed with the deployment's tree-head key",
    )
    .option('--households <n>', 'households (cases)', count('--households', 1), 600)
    .option('--months <n>', 'monthly payment cycles from January 2021', count('--months', 1), 3)
    .option('--seed <n>', 'random seed', count('--seed', 0), 1)
    .option('--truth <file>', 'ground-truth file (NDJSON); default <data-dir>/seed-truth.ndjson')
    .addOption(
      new Option('--durability <d>', 'embedded store: `normal` syncs at checkpoints, not each commit (a crash may lose the last commands; run the seed again to resume)')
        .choices(['full', 'normal'])
        .default('normal'),
    )
    .option('--anomaly-rate <r>', 'rate of every planted anomaly, per household', rate, DEFAULT_ANOMALY_RATES.paymentAfterDeath)
    .option('--payment-after-death-rate <r>', 'payments after a death recorded late', rate)
    .option('--shared-bank-account-rate <r>', 'a bank account given by two households', rate)
    .option('--near-relative-rate <r>', "an approver's late-declared near relative", rate)
    .option('--duplicate-enrolment-rate <r>', 'a person on 低保 in two townships', rate)
    .option('--means-check-rate <r>', 'a vehicle found by the means check, approved anyway', rate)
    .option('--deadline-overdue-rate <r>', 'a case never decided', rate)
    .option('--held-payment-rate <r>', 'a case suspended after the bank file was sent, paid for the held month', rate)
    .option('--decision-authority-rate <r>', 'a case approved by an approver transferred away (deactivated)', rate)
    .option('--amount-mismatch-rate <r>', 'a 低保 case left at the old amount after the mid-year standard rise', rate)
    .option(
      '--publicity-missing-rate <r>',
      'a case approved without 公示 in the legacy system, migrated as recorded (metadata source legacy-migration)',
      rate,
    )
    .option(
      '--rectification-overdue-rate <r>',
      'special-campaign rectification orders never reported done, per household (default: --anomaly-rate ÷ 10)',
      rate,
    )
    .action(async (o: Record<string, number | string | undefined>, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const all = o.anomalyRate as number;
        const r = (key: string) => (o[key] as number | undefined) ?? all;
        const rates: AnomalyRates = {
          paymentAfterDeath: r('paymentAfterDeathRate'),
          sharedBankAccount: r('sharedBankAccountRate'),
          nearRelativeConflict: r('nearRelativeRate'),
          duplicateEnrolment: r('duplicateEnrolmentRate'),
          meansCheckIgnored: r('meansCheckRate'),
          deadlineOverdue: r('deadlineOverdueRate'),
          paymentOnHeldCase: r('heldPaymentRate'),
          decisionAuthority: r('decisionAuthorityRate'),
          amountMismatch: r('amountMismatchRate'),
          publicityMissing: r('publicityMissingRate'),
          rectificationOverdue: (o.rectificationOverdueRate as number | undefined) ?? all / 10,
        };
        const truthFile = (o.truth as string | undefined) ?? join(config.dataDir, 'seed-truth.ndjson');
        const base = toEventStoreConfig(config);
        const durability = o.durability as 'full' | 'normal';
        const store = await createEventStore(base.kind === 'sqlite' ? { ...base, durability } : base);
        let report: SeedReport;
        try {
          const options = { households: o.households as number, months: o.months as number, seed: o.seed as number };
          out.error(`seeding ${options.households} households × ${options.months} months, seed ${options.seed} (${describeStore(config)})`);
          const treeHeadSigner = loadTreeHeadSigner(config.treeHeads);
          report = await seedCity(store, { ...options, rates, truthFile, treeHeadSigner }, io);
        } finally {
          await store.close();
        }
        const size = config.store.kind === 'sqlite' ? databaseBytes(config.store.file) : null;
        out.line(
          `seeded: ${report.events.toLocaleString('en-US')} events in ${report.seconds.toFixed(1)} s` +
            (report.skipped > 0 ? ` (resumed: ${report.skipped.toLocaleString('en-US')} commands already recorded)` : '') +
            (size === null ? '' : `, database ${(size / 1024 / 1024).toFixed(1)} MiB`),
        );
        out.line(`truth: ${report.planted} planted anomalies in ${truthFile}`);
        setExit(EXIT.ok);
      } catch (error) {
        setExit(out.failure('seed', error));
      }
    });
}

/** The embedded store's size on disk: the database file and its WAL. */
export function databaseBytes(file: string): number {
  let total = 0;
  for (const name of [file, `${file}-wal`]) {
    try {
      total += statSync(name).size;
    } catch {
      // absent
    }
  }
  return total;
}
