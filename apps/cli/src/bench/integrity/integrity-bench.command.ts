import { type Command, Option } from 'commander';
import { type BenchStore, databaseUrlOf, databaseUrlOption, parseWhole, storeOf } from '../bench-options';
import { type IntegrityBenchConfig, runIntegrityBench } from './integrity-bench';

interface IntegrityBenchOptions {
  readonly store: BenchStore;
  readonly leaves: number;
  readonly proofs: number;
  readonly databaseUrl?: string;
}

/** Adds `bench integrity`: notary throughput, proof latency at scale, a case's evidence bundle. */
export function registerIntegrityBenchCommand(bench: Command): void {
  bench
    .command('integrity')
    .description('the Merkle log: notary leaves/s against a raw read, inclusion and consistency proofs at 1M leaves, a 150-event evidence bundle')
    .addOption(new Option('--store <kind>', 'event store').choices(['sqlite', 'postgres']).default('sqlite'))
    .option('--leaves <n>', 'events in the log (leaves of the tree)', parseWhole(1_000, 50_000_000), 1_000_000)
    .option('--proofs <n>', 'random proofs timed', parseWhole(10, 1_000_000), 1_000)
    .addOption(databaseUrlOption())
    .action(async (options: IntegrityBenchOptions, command: Command) => {
      const config: IntegrityBenchConfig = Object.freeze({
        store: storeOf(options, command),
        databaseUrl: databaseUrlOf(options, command),
        leaves: options.leaves,
        proofs: options.proofs,
      });
      await runIntegrityBench(config);
    });
}
