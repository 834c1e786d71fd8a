import { type Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { addGlobalOptions, configFor } from '../../global-options';
import { parseWhole } from '../bench-options';
import { CITY_MEASURES, type CityMeasure, cityTable, runCityBench } from './city-bench';

interface CityBenchCliOptions {
  readonly only?: CityMeasure[];
  readonly reads: number;
  readonly json?: string;
}

/** Adds `bench city`: verify, full read-model build and as-of history over a seeded ledger. */
export function registerCityBenchCommand(bench: Command): void {
  addGlobalOptions(bench.command('city'))
    .description(
      'over the ledger already there (seed one with ledger seed): ledger verify, every read model built from position 0, ' +
        'and as-of history reads of random cases at random revisions',
    )
    .addOption(new Option('--only <measure...>', `measure only these (${CITY_MEASURES.join(', ')})`).argParser(measures))
    .option('--reads <n>', 'as-of history reads', parseWhole(10, 1_000_000), 2_000)
    .option('--json <file>', 'also write the figures to this file')
    .action(async (options: CityBenchCliOptions, command: Command) => {
      const config = configFor(command, process.env);
      const result = await runCityBench(config, { measures: options.only ?? CITY_MEASURES, reads: options.reads }, (line) =>
        process.stderr.write(`${line}\n`),
      );
      process.stdout.write(`${cityTable(result)}\n`);
      if (options.json) writeFileSync(options.json, `${JSON.stringify({ node: process.version, ...result }, null, 2)}\n`);
    });
}

function measures(value: string, previous: CityMeasure[] | undefined): CityMeasure[] {
  if (!(CITY_MEASURES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`one of ${CITY_MEASURES.join(', ')}`);
  }
  return [...(previous ?? []), value as CityMeasure];
}
