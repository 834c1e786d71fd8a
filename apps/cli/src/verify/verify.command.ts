import { type ChainBreak, type VerificationReport, verifyLedger } from '@app/ledger/chain-verifier';
import { createEventStore } from '@app/ledger/create-event-store';
import type { EventStore } from '@app/ledger';
import { type AppConfig, describeStore, toEventStoreConfig } from '@app/platform';
import { type HeadCheck, readLatestHeadAndKey, verifyAgainstLatestHead } from './tree-head-check';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';

export function registerVerifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('verify'))
    .description(
      'recompute every hash and follow every stream chain, then the Merkle root against the latest signed tree head; ' +
        'exit 1 naming the first broken link or altered event',
    )
    .option('--public-key <file>', "the tree-head public key to trust (PEM); by default the ledger's own public key file")
    .action(async (options: { publicKey?: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        setExit(await verify(config, io, out, options.publicKey));
      } catch (error) {
        setExit(out.failure('verify', error));
      }
    });
}

async function verify(config: AppConfig, io: CliIo, out: CliOutput, publicKeyFile: string | undefined): Promise<number> {
  const store = await createEventStore(toEventStoreConfig(config));
  let headCheck: HeadCheck | undefined;
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
    bar?.stop();
    headCheck = await checkHead(config, store, publicKeyFile);
  } finally {
    bar?.stop();
    await store.close();
  }
  const scope = `${report.eventsChecked} events in ${report.streamsChecked} streams`;
  if (report.ok) {
    out.line(`intact: ${scope} (${describeStore(config)})`);
    return printHeadCheck(out, headCheck);
  }
  printFirstBreak(out, report.breaks[0]);
  const truncated = (report as { truncated?: boolean }).truncated === true;
  const count = report.breaks.length;
  const total = truncated ? `at least ${count} breaks (only the first ${count} were kept)` : `${count} ${count === 1 ? 'break' : 'breaks'} in total`;
  out.line(`BROKEN: ${total}; checked ${scope} (${describeStore(config)})`);
  if (headCheck && headCheck.kind !== 'none') printHeadCheck(out, headCheck);
  return EXIT.broken;
}

function printFirstBreak(out: CliOutput, first: ChainBreak): void {
  const position = first.globalPosition === null ? 'none (found in the stream index)' : String(first.globalPosition);
  out.line(`first broken link: stream ${first.streamId}, revision ${first.revision}, global position ${position}`);
  out.line(`  ${first.kind}: ${first.message}`);
  out.line(`  expected hash: ${first.expected || '(none)'}`);
  out.line(`  found hash:    ${first.found || '(none)'}`);
}

async function checkHead(config: AppConfig, store: EventStore, publicKeyFile: string | undefined): Promise<HeadCheck> {
  const latest = await readLatestHeadAndKey(config, publicKeyFile);
  return latest.kind === 'found' ? verifyAgainstLatestHead(store, latest) : latest;
}

/** One line on the Merkle root; exit 1 when it does not match the signed head. */
function printHeadCheck(out: CliOutput, check: HeadCheck | undefined): number {
  if (!check || check.kind === 'none') {
    out.line('tree head: none signed yet, so no Merkle root to compare');
    return EXIT.ok;
  }
  const { head } = check;
  const about = `tree head of size ${head.treeSize} signed ${head.timestamp} (key ${head.keyId.slice(0, 16)}…)`;
  if (check.kind === 'matches') {
    out.line(`${about}: the Merkle root recomputed from the log matches`);
    return EXIT.ok;
  }
  out.line(`BROKEN: ${about}: ${check.reason}`);
  if (check.event) {
    const e = check.event;
    out.line(`  altered event: leaf ${e.leafIndex} is now event ${e.eventId} (stream ${e.streamId}, revision ${e.revision}, global position ${e.globalPosition})`);
    if (e.notarised) {
      out.line(`  notarised as: event ${e.notarised.eventId} (stream ${e.notarised.streamId}, revision ${e.notarised.revision}) with hash ${e.notarised.eventHash}`);
    }
  }
  return EXIT.broken;
}
