import { keyIdOf, type SignedTreeHead, verifyTreeHead } from '@app/integrity/merkle/tree-head';
import { IntegrityLog, integrityStoreConfig, readLatestTreeHead } from '@app/integrity/notary';
import { createPublicKey } from 'node:crypto';
import { checkConsistencyWithKeptHead } from '@app/integrity/verify/log-against-heads';
import { createEventStore } from '@app/ledger/create-event-store';
import { toEventStoreConfig } from '@app/platform';
import { createReadStore } from '@app/projections';
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import { loadTrustedKey } from './trusted-key';

/**
 * `ledger consistency <old tree head file>`: proves that the log as it stands extends a signed
 * tree head an inspector kept (the JSON of GET /integrity/tree-heads/latest), or says it does not.
 */
export function registerConsistencyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('consistency'))
    .argument('<tree-head-file>', 'a signed tree head kept earlier (JSON)')
    .option('--public-key <file>', "the tree-head public key to trust (PEM); by default the ledger's own public key file")
    .description('prove that the current log extends a signed tree head kept earlier: exit 0 if it does, 1 naming what differs')
    .action(async (file: string, options: { publicKey?: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const kept = readKeptHead(file);
        const publicKeyPem = loadTrustedKey(config, options.publicKey);
        const signature = verifyTreeHead(kept, publicKeyPem);
        if (!signature.ok) {
          out.line(`NOT CONSISTENT: the kept tree head is not genuine: ${signature.reason}`);
          setExit(EXIT.broken);
          return;
        }
        const storeConfig = integrityStoreConfig(config);
        if (storeConfig.kind === 'sqlite' && !existsSync(storeConfig.file)) throw new Error(`no Merkle log at ${storeConfig.file}: the notary has not run here`);
        const store = await createEventStore(toEventStoreConfig(config));
        const integrity = await createReadStore(storeConfig);
        try {
          const latest = await readLatestTreeHead(integrity);
          if (!latest) throw new Error('the Merkle log has no signed tree head');
          const log = new IntegrityLog(integrity, { keyId: keyIdOf(createPublicKey(publicKeyPem)), publicKeyPem });
          const proof = kept.treeSize <= latest.treeSize ? await log.consistencyProof(kept.treeSize, latest.treeSize) : undefined;
          const result = await checkConsistencyWithKeptHead({ store, integrity, kept, latest, proof, publicKeyPem });
          out.line(`kept head:   size ${kept.treeSize}, root ${kept.rootHash}, signed ${kept.timestamp}`);
          out.line(`latest head: size ${latest.treeSize}, root ${latest.rootHash}, signed ${latest.timestamp}`);
          for (const line of result.lines) out.line(`  ${line}`);
          if (result.event) {
            const e = result.event;
            out.line(`  first difference: leaf ${e.leafIndex} is now event ${e.eventId} (stream ${e.streamId}, revision ${e.revision})`);
          }
          out.line(result.ok ? 'CONSISTENT: the current log extends the kept tree head' : 'NOT CONSISTENT: the log was rewritten since the kept tree head');
          setExit(result.ok ? EXIT.ok : EXIT.broken);
        } finally {
          await integrity.close();
          await store.close();
        }
      } catch (error) {
        setExit(out.failure('consistency', error));
      }
    });
}

function readKeptHead(file: string): SignedTreeHead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the tree head file ${resolve(file)}: ${(error as Error).message}`);
  }
  const head = value as Partial<SignedTreeHead>;
  if (typeof head !== 'object' || head === null || typeof head.treeSize !== 'number' || typeof head.rootHash !== 'string' || typeof head.signature !== 'string') {
    throw new Error(`${resolve(file)} is not a signed tree head: it needs treeSize, rootHash, timestamp, keyId and signature`);
  }
  return head as SignedTreeHead;
}
