import { type Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { databaseUrlOf, databaseUrlOption } from '../bench-options';
import { type BenchResult, planBenchmarks, runChild, type Store } from './children';
import { type HttpLoadReport, httpLoadTable, runHttpLoad } from './http-load';
import { describeMachine, machineTable } from './machine';

interface BenchAllOptions {
  readonly quick?: boolean;
  readonly store: Store | 'both';
  readonly json?: string;
  readonly http: boolean;
  readonly databaseUrl?: string;
}

/** `bench all`: every benchmark as a child process, one report, and the machine it ran on. */
export function registerBenchAllCommand(bench: Command): void {
  bench
    .command('all')
    .description('every benchmark (each in a child process) plus HTTP under load, in one report with the machine')
    .option('--quick', 'small sizes: a smoke run of every benchmark in a few minutes')
    .addOption(new Option('--store <kind>', 'event store(s) to measure').choices(['sqlite', 'postgres', 'both']).default('both'))
    .option('--json <file>', 'also write the machine and every result to this file')
    .option('--no-http', 'skip the HTTP-under-load section')
    .addOption(databaseUrlOption())
    .action(async (options: BenchAllOptions, command: Command) => {
      const databaseUrl = databaseUrlOf(options, command);
      const stores: Store[] = options.store === 'both' ? ['sqlite', 'postgres'] : [options.store];
      const quick = options.quick === true;
      const mainScript = process.argv[1];
      const startedAt = new Date().toISOString();
      const machine = await describeMachine(databaseUrl);

      const results: BenchResult[] = [];
      for (const plan of planBenchmarks(stores, quick, databaseUrl)) {
        process.stderr.write(`\nbench all: ${plan.name}: ${plan.args.join(' ')}\n`);
        results.push(await runChild(plan, mainScript));
      }

      const http: (HttpLoadReport | { readonly store: Store; readonly error: string })[] = [];
      if (options.http) {
        for (const store of stores) {
          try {
            http.push(await runHttpLoad({ store, databaseUrl, cases: quick ? 20 : 200, seconds: 10, connections: 64 }));
          } catch (error) {
            http.push({ store, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          }
        }
      }

      const out: string[] = [`# Benchmarks (${quick ? 'quick' : 'full'}, ${startedAt})`, '', machineTable(machine), ''];
      out.push('## Summary', '', '| benchmark | exit | seconds |', '|---|--:|--:|');
      for (const r of results) out.push(`| ${r.name} | ${r.exitCode ?? r.signal ?? 'error'} | ${r.seconds} |`);
      for (const r of results) {
        out.push('', `## ${r.name}`, '', `\`ledger ${r.args.join(' ')}\` — exit ${r.exitCode ?? r.signal}, ${r.seconds} s`, '');
        out.push(r.table || '(no table)');
        if (r.exitCode !== 0 && r.stderrTail) out.push('', '```', r.stderrTail.trim(), '```');
      }
      for (const report of http) {
        out.push('', `## HTTP under load (${report.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}, in-process API, autocannon)`, '');
        out.push('error' in report ? `failed: ${report.error}` : httpLoadTable(report));
      }
      process.stdout.write(out.join('\n') + '\n');

      if (options.json) {
        const report = {
          startedAt,
          quick,
          stores,
          machine,
          benchmarks: results.map((r) => ({
            name: r.name,
            args: r.args,
            exitCode: r.exitCode,
            signal: r.signal,
            seconds: r.seconds,
            table: r.table,
            ...(r.stderrTail ? { stderrTail: r.stderrTail } : {}),
            ...(r.raw === undefined ? {} : { raw: r.raw }),
          })),
          http,
        };
        writeFileSync(options.json, JSON.stringify(report, null, 2) + '\n');
        process.stderr.write(`bench all: wrote ${options.json}\n`);
      }
      const failed = results.filter((r) => r.exitCode !== 0).length + http.filter((report) => 'error' in report).length;
      if (failed > 0) process.exitCode = 1;
    });
}
