import { buildStreamEvidence } from '@app/integrity/evidence/stream-evidence';
import { integrityStoreConfig, openIntegrityStore } from '@app/integrity/notary/integrity-store';
import { createEventStore } from '@app/ledger/create-event-store';
import { DomainError } from '@app/ledger/domain';
import { toEventStoreConfig } from '@app/platform';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import type { RegisterBundleSubcommand } from './bundle.commands';
import { writeBundleFile } from './bundle-file';

/**
 * `ledger bundle export <caseId> --out <file>`: the case's evidence bundle, read from the store and
 * the Merkle log, as `GET /cases/:id/evidence` gives it. A stream id (`case-…`, or any other) is
 * taken as it is.
 */
export const registerBundleExportCommand: RegisterBundleSubcommand = (bundle, io, setExit) => {
  addGlobalOptions(bundle.command('export'))
    .argument('<case>', 'case id, or a stream id such as case-<id>')
    .requiredOption('--out <file>', 'where to write the bundle (must not exist)')
    .description('write a case’s evidence bundle: its events, each with an inclusion proof against the latest signed tree head')
    .action(async (target: string, options: { out: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const store = await createEventStore(toEventStoreConfig(config));
        try {
          const integrity = await openIntegrityStore(integrityStoreConfig(config), new Date());
          try {
            const streamId = target.includes('-') && !/^[0-9a-f-]{36}$/.test(target) ? target : `case-${target}`;
            const evidence = await buildStreamEvidence({ store, integrity, streamId, generatedAt: new Date() });
            writeBundleFile(resolve(options.out), evidence);
            const head = evidence.treeHead;
            out.line(
              `wrote ${resolve(options.out)}: ${evidence.events.length} events of ${streamId}, ` +
                `proved against the tree head of size ${head.treeSize} signed ${head.timestamp} (key ${head.keyId})`,
            );
            setExit(EXIT.ok);
          } finally {
            await integrity.close();
          }
        } finally {
          await store.close();
        }
      } catch (error) {
        if (error instanceof DomainError) {
          out.error(`ledger bundle export: ${error.message}`);
          setExit(EXIT.failed);
        } else {
          setExit(out.failure('bundle export', error));
        }
      }
    });
};
