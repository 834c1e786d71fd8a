import { type ChainBreak, type VerificationReport, verifyLedger } from '@app/ledger/chain-verifier';
import { createEventStore } from '@app/ledger/create-event-store';
import { type AppConfig, describeStore, toEventStoreConfig } from '@app/platform';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';

export function registerVerifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('verify'))
    .description('recompute every hash and follow every stream chain; exit 1 naming the first broken link')
    .action(async (_options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        setExit(await verify(config, io, out));
      } catch (error) {
        setExit(out.failure('verify', error));
      }
    });
}

async function verify(config: AppConfig, io: CliIo, out: CliOutput): Promise<number> {
  const store = await createEventStore(toEventStoreConfig(config));
  // A progress bar only where someone watches; logs and pipes get the summary line alone.
  const bar = io.stderr.isTTY
    ? new SingleBar(
        {
          stream: io.stderr as NodeJS.WritableStream,
          format: 'verifying |{bar}| {percentage}% {value}/{total} events, {eta_formatted} left',
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  let report: VerificationReport;
  try {
    if (bar) bar.start(Number((await store.head()).eventCount), 0);
    report = await verifyLedger(store, {
      onProgress: (done, total) => {
        bar?.setTotal(Number(total));
        bar?.update(Number(done));
      },
    });
  } finally {
    bar?.stop();
    await store.close();
  }
  const scope = `${report.eventsChecked} events in ${report.streamsChecked} streams`;
  if (report.ok) {
    out.line(`intact: ${scope} (${describeStore(config)})`);
    return EXIT.ok;
  }
  printFirstBreak(out, report.breaks[0]);
  const truncated = (report as { truncated?: boolean }).truncated === true;
  const count = report.breaks.length;
  const total = truncated ? `at least ${count} breaks (only the first ${count} were kept)` : `${count} ${count === 1 ? 'break' : 'breaks'} in total`;
  out.line(`BROKEN: ${total}; checked ${scope} (${describeStore(config)})`);
  return EXIT.broken;
}

function printFirstBreak(out: CliOutput, first: ChainBreak): void {
  const position = first.globalPosition === null ? 'none (found in the stream index)' : String(first.globalPosition);
  out.line(`first broken link: stream ${first.streamId}, revision ${first.revision}, global position ${position}`);
  out.line(`  ${first.kind}: ${first.message}`);
  out.line(`  expected hash: ${first.expected || '(none)'}`);
  out.line(`  found hash:    ${first.found || '(none)'}`);
}
