import { createEventStore } from '@app/ledger/create-event-store';
import { toEventStoreConfig } from '@app/platform';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { loadTrustedKey } from '../consistency/trusted-key';
import { addGlobalOptions, configFor } from '../global-options';
import { verifyCampaignSample } from './sample-verify';

/** `ledger sample verify <campaignId>`: recomputes an inspection campaign's sample from the ledger. */
export function registerSampleCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const sample = program.command('sample').description('inspection campaign samples (专项治理抽样)');
  addGlobalOptions(sample.command('verify'))
    .argument('<campaignId>', 'the campaign whose draw to recompute')
    .option('--public-key <file>', "the tree-head public key to trust (PEM); by default the ledger's own public key file")
    .description("recompute a campaign's sample from the signed tree head it records and the log: exit 0 if it matches, 1 naming what differs")
    .action(async (campaignId: string, options: { publicKey?: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const publicKeyPem = loadTrustedKey(config, options.publicKey);
        const store = await createEventStore(toEventStoreConfig(config));
        try {
          const result = await verifyCampaignSample(store, campaignId, publicKeyPem);
          for (const line of result.lines) out.line(line);
          out.line(result.ok ? `MATCHES: the sample of campaign ${campaignId} is the one the ledger determines` : `DOES NOT MATCH: the sample of campaign ${campaignId} is not the one the ledger determines`);
          setExit(result.ok ? EXIT.ok : EXIT.broken);
        } finally {
          await store.close();
        }
      } catch (error) {
        setExit(out.failure('sample verify', error));
      }
    });
}
