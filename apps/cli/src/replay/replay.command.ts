import { isInstant } from '@app/calendar';
import { createEventStore } from '@app/ledger/create-event-store';
import type { RecordedEvent } from '@app/ledger/envelope';
import { StreamNotFoundError } from '@app/ledger/errors';
import { describeStore, toEventStoreConfig, type AppConfig } from '@app/platform';
import { evolveCase } from '@app/assistance-cases/case.evolve';
import type { CaseEvent } from '@app/assistance-cases/case.events';
import { initialCaseState } from '@app/assistance-cases/case.state';
import { caseStreamIdOf } from '@app/assistance-cases/http/case-inputs';
import { eventsAsOf, parseAsOf, toHistoryEntry } from '@app/assistance-cases/http/case-history.service';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import { renderTimeline } from './timeline.table';

interface ReplayOptions {
  readonly asOf?: string;
}

export function registerReplayCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('replay'))
    .description("print a case's timeline from the ledger, up to a revision or an instant, and its status then")
    .argument('<caseId>', 'the case id (its stream is case-<caseId>)')
    .option('--as-of <revision|instant>', 'the last revision to replay, or an ISO 8601 instant with an offset')
    .action(async (caseId: string, options: ReplayOptions, command: Command) => {
      const out = new CliOutput(io);
      try {
        if (options.asOf !== undefined && !/^\d+$/.test(options.asOf) && !isInstant(options.asOf)) {
          out.error(`ledger replay: --as-of must be a revision (0, 1, ...) or an ISO 8601 instant with an offset (got ${options.asOf})`);
          setExit(EXIT.failed);
          return;
        }
        const config = configFor(command, io.env ?? process.env);
        setExit(await replay(config, caseId, options.asOf, out));
      } catch (error) {
        setExit(out.failure('replay', error));
      }
    });
}

async function replay(config: AppConfig, caseId: string, asOf: string | undefined, out: CliOutput): Promise<number> {
  const streamId = caseStreamIdOf(caseId);
  const store = await createEventStore(toEventStoreConfig(config));
  let all: RecordedEvent<CaseEvent>[];
  try {
    all = (await store.readStream(streamId)) as RecordedEvent<CaseEvent>[];
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
    out.error(`ledger replay: case ${caseId} does not exist (no stream ${streamId} in ${describeStore(config)})`);
    return EXIT.failed;
  } finally {
    await store.close();
  }
  const events = eventsAsOf(all, parseAsOf(asOf));
  const state = events.reduce(evolveCase, initialCaseState());
  const last = all[all.length - 1].revision;
  out.line(`case ${caseId} (${streamId}), ${events.length} of ${all.length} events${asOf === undefined ? '' : ` as of ${asOf}`}`);
  if (events.length > 0) out.line(renderTimeline(events.map(toHistoryEntry)));
  const at = events.length === 0 ? 'before its first event' : `at revision ${events[events.length - 1].revision} of ${last}`;
  out.line(`status ${at}: ${state.status}`);
  return EXIT.ok;
}
