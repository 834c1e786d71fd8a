import { type Command, InvalidArgumentError, Option } from 'commander';
import { type ProjectionsBenchConfig, type ProjectionsBenchStore, runProjectionsBench } from './projections-bench';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

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
      new Option('--database-url <url>', `PostgreSQL connection string (default ${DEFAULT_DATABASE_URL})`).env('DATABASE_URL'),
    )
    .action(async (options: ProjectionsBenchOptions, command: Command) => {
      const config: ProjectionsBenchConfig = Object.freeze({
        events: options.events,
        store: storeKind(options, command),
        runs: options.runs,
        databaseUrl: databaseUrl(options, command),
      });
      await runProjectionsBench(config);
    });
}

/** A flag written after the command wins; then one written before it (a global option); then DATABASE_URL. */
function databaseUrl(options: ProjectionsBenchOptions, command: Command): string {
  const own = options.databaseUrl;
  if (own !== undefined && command.getOptionValueSource('databaseUrl') === 'cli') return own;
  const inherited = command.parent?.optsWithGlobals<{ databaseUrl?: string }>().databaseUrl;
  return inherited ?? own ?? DEFAULT_DATABASE_URL;
}

/** `--store` after the command, else the program's `--store` before it, else SQLite. */
function storeKind(options: ProjectionsBenchOptions, command: Command): ProjectionsBenchStore {
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
      throw new InvalidArgumentError(`a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
}
