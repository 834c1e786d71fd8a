import { type Command, Option } from 'commander';
import { databaseUrlOf, databaseUrlOption, parseWhole, storeOf } from '../bench-options';
import { type BatchBenchConfig, runBatchBench } from './batch-bench';
import type { BatchBenchStore } from './batch-ledger';

interface BatchBenchOptions {
  readonly households: number;
  readonly store: BatchBenchStore;
  readonly concurrency: number;
  readonly databaseUrl?: string;
}

/** Adds `bench batch`: one township's monthly payment run, through the command path, on a fresh store. */
export function registerBatchBenchCommand(bench: Command): void {
  bench
    .command('batch')
    .description('a township payment batch: seed approved cases, then time the run, the settlement and the reconciliation')
    .option('--households <n>', 'approved 低保 cases in the township', parseWhole(1, 1_000_000), 5_000)
    .addOption(new Option('--store <kind>', 'event store').choices(['sqlite', 'postgres']).default('sqlite'))
    .option('--concurrency <n>', 'commands in flight at once', parseWhole(1, 256), 16)
    .addOption(
      databaseUrlOption(),
    )
    .action(async (options: BatchBenchOptions, command: Command) => {
      const config: BatchBenchConfig = Object.freeze({
        households: options.households,
        store: storeOf(options, command),
        concurrency: options.concurrency,
        databaseUrl: databaseUrlOf(options, command),
      });
      await runBatchBench(config);
    });
}
