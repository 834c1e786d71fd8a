import { type Command, Option } from 'commander';
import { databaseUrlOf, databaseUrlOption, parseWhole, storeOf } from '../bench-options';
import { type ProjectionsBenchConfig, type ProjectionsBenchStore, runProjectionsBench } from './projections-bench';

interface ProjectionsBenchOptions {
  readonly events: number;
  readonly store: ProjectionsBenchStore;
  readonly runs: number;
  readonly databaseUrl?: string;
}

/** Adds `bench projections`: projection catch-up, rebuild and as-of reads against raw reads of the same events. */
export function registerProjectionsBenchCommand(bench: Command): void {
  bench
    .command('projections')
    .description('projection catch-up and rebuild over a seeded log, and as-of stream reads, against raw reads in the same run')
    .option('--events <n>', 'events seeded into the log (PEERS workload)', parseWhole(1_000, 10_000_000), 300_000)
    .addOption(new Option('--store <kind>', 'event and read store').choices(['sqlite', 'postgres']).default('sqlite'))
    .option('--runs <n>', 'runs on fresh stores; the median is reported', parseWhole(1, 99), 1)
    .addOption(
      databaseUrlOption(),
    )
    .action(async (options: ProjectionsBenchOptions, command: Command) => {
      const config: ProjectionsBenchConfig = Object.freeze({
        events: options.events,
        store: storeOf(options, command),
        runs: options.runs,
        databaseUrl: databaseUrlOf(options, command),
      });
      await runProjectionsBench(config);
    });
}
