import { type Command, InvalidArgumentError, Option } from 'commander';
import { registerBenchAllCommand } from './all/bench-all.command';
import { registerBatchBenchCommand } from './batch/batch-bench.command';
import { registerCityBenchCommand } from './city/city-bench.command';
import { databaseUrlOf, databaseUrlOption } from './bench-options';
import { registerHistoryBenchCommand } from './history/history-bench.command';
import { registerIntegrityBenchCommand } from './integrity/integrity-bench.command';
import { type LedgerBenchConfig, runLedgerBench } from './ledger-bench';
import { registerProjectionsBenchCommand } from './projections/projections-bench.command';
import { registerRulesBenchCommand } from './rules/rules-bench.command';
import type { Backend } from './report';

interface LedgerBenchOptions {
  readonly backend: Backend | 'all';
  readonly scale: number;
  readonly runs: number;
  readonly databaseUrl?: string;
  readonly esdbUrl?: string;
  readonly json?: string;
}

/** Adds `bench ledger`: the PEERS.md workload against the raw drivers, measured in the same run. */
export function registerBenchCommands(program: Command): void {
  const bench = program.command('bench').description('performance benchmarks');
  bench
    .command('ledger')
    .description('append and read workloads (W1-W5, OCC) on our event store against the raw drivers')
    .addOption(
      new Option('--backend <backend>', 'which backend to measure (all: sqlite, postgres, and esdb when a server is given)')
        .choices(['sqlite', 'postgres', 'esdb', 'all'])
        .default('all'),
    )
    .option('--scale <fraction>', 'fraction of every count of the workload', parseScale, 1)
    .option('--runs <n>', 'runs on fresh stores; the median is reported', parseRuns, 1)
    .addOption(
      databaseUrlOption(),
    )
    .addOption(new Option('--esdb-url <url>', 'EventStoreDB / KurrentDB connection string, e.g. esdb://127.0.0.1:2113?tls=false').env('ESDB_URL'))
    .option('--json <file>', 'also write the raw numbers to this file')
    .action(async (options: LedgerBenchOptions, command: Command) => {
      const config: LedgerBenchConfig = Object.freeze({
        backends:
          options.backend !== 'all'
            ? [options.backend]
            : (['sqlite', 'postgres', ...(options.esdbUrl ? (['esdb'] as const) : [])] as const),
        scale: options.scale,
        runs: options.runs,
        databaseUrl: databaseUrlOf(options, command),
        esdbUrl: options.esdbUrl,
        jsonFile: options.json,
      });
      await runLedgerBench(config);
    });
  registerBatchBenchCommand(bench);
  registerProjectionsBenchCommand(bench);
  registerHistoryBenchCommand(bench);
  registerIntegrityBenchCommand(bench);
  registerRulesBenchCommand(bench);
  registerCityBenchCommand(bench);
  registerBenchAllCommand(bench);
}


function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new InvalidArgumentError('a fraction above 0 and at most 10, e.g. 0.05');
  }
  return scale;
}

function parseRuns(value: string): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1 || runs > 99) throw new InvalidArgumentError('a whole number from 1 to 99');
  return runs;
}
