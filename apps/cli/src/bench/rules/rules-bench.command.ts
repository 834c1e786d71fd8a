import { type Command, Option } from 'commander';
import type { BatchBenchStore } from '../batch/batch-ledger';
import { databaseUrlOf, databaseUrlOption, parseWhole, storeOf } from '../bench-options';
import { type RulesBenchConfig, runRulesBench } from './rules-bench';

interface RulesBenchOptions {
  readonly households: number;
  readonly months: number;
  readonly store: BatchBenchStore;
  readonly concurrency: number;
  readonly latencySamples: number;
  readonly batchMaxMs: number;
  readonly runs: number;
  readonly databaseUrl?: string;
}

/** Adds `bench rules`: the integrity rules over a seeded township log, against a raw readAll; append-to-raise latency. */
export function registerRulesBenchCommand(bench: Command): void {
  bench
    .command('rules')
    .description('integrity rules: events/s with every rule on against a raw readAll of the same log, and append-to-raise latency')
    .option('--households <n>', 'approved 低保 cases in the township', parseWhole(1, 1_000_000), 2_000)
    .option('--months <n>', 'months paid through the batch runner', parseWhole(2, 24), 3)
    .addOption(new Option('--store <kind>', 'event store').choices(['sqlite', 'postgres']).default('sqlite'))
    .option('--concurrency <n>', 'commands in flight at once while seeding', parseWhole(1, 256), 16)
    .option('--latency-samples <n>', 'anomalous appends timed until their warning is in the log', parseWhole(1, 100_000), 200)
    .option('--batch-max-ms <ms>', "the live engine's bufferTime window", parseWhole(0, 10_000), 20)
    .option('--runs <n>', 'repetitions of the replay passes and the baseline; medians reported', parseWhole(1, 99), 3)
    .addOption(databaseUrlOption())
    .action(async (options: RulesBenchOptions, command: Command) => {
      const config: RulesBenchConfig = Object.freeze({
        households: options.households,
        months: options.months,
        store: storeOf(options, command),
        databaseUrl: databaseUrlOf(options, command),
        concurrency: options.concurrency,
        latencySamples: Math.min(options.latencySamples, options.households),
        batchMaxMs: options.batchMaxMs,
        runs: options.runs,
      });
      await runRulesBench(config);
    });
}
