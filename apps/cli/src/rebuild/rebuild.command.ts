import { createEventStore } from '@app/ledger/create-event-store';
import { type AppConfig, describeStore, toEventStoreConfig } from '@app/platform';
import { createReadStore, type Projection, ProjectionRunner, type ProjectionStatus, readStoreConfig } from '@app/projections';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ALL_PROJECTIONS } from '../../../api/src/projections';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';

/** How often the progress bar asks the runner how far the rebuild is. */
const PROGRESS_INTERVAL_MS = 200;

export function registerRebuildCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): void {
  addGlobalOptions(program.command('rebuild'))
    .argument('[name]', 'the projection to rebuild; all of them when omitted')
    .description('rebuild read models from position 0 of the log beside the serving tables, then switch to them')
    .action(async (name: string | undefined, _options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const known = projections.map((projection) => projection.name);
        if (name !== undefined && !known.includes(name)) {
          out.error(`ledger rebuild: no projection named ${name} (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
          setExit(EXIT.failed);
          return;
        }
        const config = configFor(command, io.env ?? process.env);
        setExit(await rebuild(config, projections, name === undefined ? known : [name], io, out));
      } catch (error) {
        setExit(out.failure('rebuild', error));
      }
    });
}

async function rebuild(
  config: AppConfig,
  projections: readonly Projection[],
  names: readonly string[],
  io: CliIo,
  out: CliOutput,
): Promise<number> {
  if (names.length === 0) {
    out.line(`nothing to rebuild: no projections are registered (${describeStore(config)})`);
    return EXIT.ok;
  }
  const store = await createEventStore(toEventStoreConfig(config));
  let runner: ProjectionRunner | undefined;
  try {
    const readStore = await createReadStore(readStoreConfig(config));
    try {
      runner = new ProjectionRunner({ store, readStore, projections });
      await runner.start();
      for (const name of names) await rebuildOne(runner, name, io);
      const statuses = (await runner.status()).filter((status) => names.includes(status.name));
      for (const status of statuses) out.line(describe(status));
      out.line(`rebuilt ${names.length} ${names.length === 1 ? 'projection' : 'projections'} (${describeStore(config)})`);
      return statuses.some((status) => status.state === 'failed') ? EXIT.failed : EXIT.ok;
    } finally {
      await runner?.dispose();
      await readStore.close();
    }
  } finally {
    await store.close();
  }
}

async function rebuildOne(runner: ProjectionRunner, name: string, io: CliIo): Promise<void> {
  // A progress bar only where someone watches; logs and pipes get the status lines alone.
  const bar = io.stderr.isTTY
    ? new SingleBar(
        {
          stream: io.stderr as NodeJS.WritableStream,
          format: `rebuilding ${name} |{bar}| {percentage}% {value}/{total} events, {eta_formatted} left`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (bar) {
      bar.start(0, 0);
      const tick = async (): Promise<void> => {
        const status = (await runner.status()).find((candidate) => candidate.name === name);
        if (status?.rebuild) {
          // The log's length: what the serving build covers plus what it still lags.
          bar.setTotal(status.position + status.lag);
          bar.update(status.rebuild.position);
        }
      };
      timer = setInterval(() => void tick().catch(() => undefined), PROGRESS_INTERVAL_MS);
    }
    await runner.rebuild(name);
    if (bar) {
      const status = (await runner.status()).find((candidate) => candidate.name === name);
      const position = status?.position ?? 0;
      bar.setTotal(position);
      bar.update(position);
    }
  } finally {
    clearInterval(timer);
    bar?.stop();
  }
}

function describe(status: ProjectionStatus): string {
  const failure = status.error ? `, error: ${status.error}` : '';
  return `${status.name} v${status.version} (generation ${status.generation}): ${status.state}, ${status.position} events, lag ${status.lag}, checkpoint ${status.checkpoint || '(start of the log)'}${failure}`;
}
