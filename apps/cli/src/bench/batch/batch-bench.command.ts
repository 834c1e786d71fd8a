import { type Command, InvalidArgumentError, Option } from 'commander';
import { type BatchBenchConfig, runBatchBench } from './batch-bench';
import type { BatchBenchStore } from './batch-ledger';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

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
      new Option('--database-url <url>', `PostgreSQL connection string (default ${DEFAULT_DATABASE_URL})`).env('DATABASE_URL'),
    )
    .action(async (options: BatchBenchOptions, command: Command) => {
      const config: BatchBenchConfig = Object.freeze({
        households: options.households,
        store: storeKind(options, command),
        concurrency: options.concurrency,
        databaseUrl: databaseUrl(options, command),
      });
      await runBatchBench(config);
    });
}

/** A flag written after the command wins; then one written before it (a global option); then DATABASE_URL. */
function databaseUrl(options: BatchBenchOptions, command: Command): string {
  const own = options.databaseUrl;
  if (own !== undefined && command.getOptionValueSource('databaseUrl') === 'cli') return own;
  const inherited = command.parent?.optsWithGlobals<{ databaseUrl?: string }>().databaseUrl;
  return inherited ?? own ?? DEFAULT_DATABASE_URL;
}

/** `--store` after the command, else the program's `--store` before it, else SQLite. */
function storeKind(options: BatchBenchOptions, command: Command): BatchBenchStore {
  if (command.getOptionValueSource('store') === 'cli') return options.store;
  const inherited = command.parent?.optsWithGlobals<{ store?: string }>().store;
  if (inherited === undefined) return options.store;
  if (inherited !== 'sqlite' && inherited !== 'postgres') {
    throw new InvalidArgumentError(`--store must be sqlite or postgres, not ${inherited}`);
  }
  return inherited;
}

function parseWhole(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`a whole number from ${min} to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
}
