import { type Command, Option } from 'commander';
import { databaseUrlOf, databaseUrlOption, parseWhole, storeOf } from '../bench-options';
import type { BatchBenchStore } from '../batch/batch-ledger';
import { type HistoryBenchConfig, runHistoryBench } from './history-bench';

interface HistoryBenchOptions {
  readonly store: BatchBenchStore;
  readonly events: number;
  readonly reads: number;
  readonly databaseUrl?: string;
}

/** Adds `bench history`: an inspector's as-of reads of one real case with a long history. */
export function registerHistoryBenchCommand(bench: Command): void {
  bench
    .command('history')
    .description('as-of case history reads of one real case (approved, then paid monthly), against raw stream reads')
    .addOption(new Option('--store <kind>', 'event store').choices(['sqlite', 'postgres']).default('sqlite'))
    .option('--events <n>', 'events in the case stream', parseWhole(20, 5_000), 150)
    .option('--reads <n>', 'as-of reads at random revisions', parseWhole(10, 1_000_000), 1_000)
    .addOption(databaseUrlOption())
    .action(async (options: HistoryBenchOptions, command: Command) => {
      const config: HistoryBenchConfig = Object.freeze({
        store: storeOf(options, command),
        databaseUrl: databaseUrlOf(options, command),
        events: options.events,
        reads: options.reads,
      });
      await runHistoryBench(config);
    });
}
