import { createEventStore } from '@app/ledger/create-event-store';
import { describeStore, toEventStoreConfig } from '@app/platform';
import type { Command } from 'commander';
import { join } from 'node:path';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import { evaluateRules, readTruth, scoreTable } from './rules-evaluate';

export function registerRulesCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('integrity-warning rules');
  addGlobalOptions(rules.command('evaluate'))
    .description('run every warning rule over the log and print its precision and recall against a seed\'s planted ground truth')
    .option('--truth <file>', 'ground-truth file written by `ledger seed`; default <data-dir>/seed-truth.ndjson')
    .option('--now <iso>', 'time for the deadline rules; default the time of the last event')
    .action(async (o: { truth?: string; now?: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const truth = readTruth(o.truth ?? join(config.dataDir, 'seed-truth.ndjson'));
        const now = o.now === undefined ? undefined : new Date(o.now);
        if (now !== undefined && Number.isNaN(now.getTime())) throw new Error(`--now: not a date: ${o.now}`);
        const store = await createEventStore(toEventStoreConfig(config));
        try {
          const started = performance.now();
          const evaluation = await evaluateRules(store, truth, now);
          out.line(scoreTable(evaluation));
          out.line();
          out.line(
            `${evaluation.events.toLocaleString('en-US')} events (${describeStore(config)}), deadlines judged at ${evaluation.now}, ` +
              `${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
          for (const s of evaluation.scores) {
            if (s.missed.length > 0) out.error(`${s.rule} missed: ${s.missed.slice(0, 5).join(', ')}${s.missed.length > 5 ? ', …' : ''}`);
          }
        } finally {
          await store.close();
        }
        setExit(EXIT.ok);
      } catch (error) {
        setExit(out.failure('rules evaluate', error));
      }
    });
}
