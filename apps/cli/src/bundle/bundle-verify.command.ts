import { type BundleVerification, parseBundle, verifyBundle } from '@app/integrity/bundle';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { BundleFileError, readBundleFile, readPublicKeyFile } from './bundle-file';

interface BundleVerifyOptions {
  readonly publicKey: string;
}

/**
 * `ledger bundle verify <file> --public-key <file>`: offline, with no configuration, store or data
 * directory. Exit 0 valid; 1 invalid, one line per failure; 2 a file that cannot be read, a bundle
 * that is not JSON, or a key that is not an Ed25519 public key.
 */
export function registerBundleVerifyCommand(bundle: Command, io: CliIo, setExit: (code: number) => void): void {
  bundle
    .command('verify')
    .argument('<file>', 'evidence bundle (JSON) to check')
    .requiredOption('--public-key <file>', 'the ledger’s tree-head public key (PEM), as handed to inspectors')
    .description(
      'check an evidence bundle offline: the tree head’s key and signature, every event’s hash and chain link, ' +
        'the revision range, every inclusion proof; exit 1 naming each failure',
    )
    .action((file: string, options: BundleVerifyOptions) => {
      const out = new CliOutput(io);
      try {
        setExit(verifyBundleFile(file, options.publicKey, out));
      } catch (error) {
        if (error instanceof BundleFileError) out.error(`ledger bundle verify: ${error.message}`);
        else out.failure('bundle verify', error);
        setExit(EXIT.failed);
      }
    });
}

/** Verifies a bundle file against a key file and prints the report; returns the exit code. */
export function verifyBundleFile(bundleFile: string, publicKeyFile: string, out: CliOutput): number {
  const key = readPublicKeyFile(publicKeyFile);
  const json = readBundleFile(bundleFile);
  const result = verifyBundle(json, key.pem);
  const parsed = parseBundle(json);
  if (parsed.ok) {
    const { bundle } = parsed;
    out.line(`evidence bundle of ${bundle.streamId}: revisions ${bundle.revisions.first}..${bundle.revisions.last} (${bundle.eventCount} events), generated ${bundle.generatedAt}`);
    out.line(describeTreeHead(bundle.treeHead));
  }
  if (result.ok) {
    out.line(`checked: ${checkedText(result)}, with key ${key.keyId}`);
    out.line('VALID');
    return EXIT.ok;
  }
  for (const failure of result.failures) out.line(`${failure.kind}: ${failure.message}`);
  const count = result.failures.length;
  out.line(`INVALID: ${count} ${count === 1 ? 'failure' : 'failures'}; checked ${checkedText(result)}`);
  return EXIT.broken;
}

export function describeTreeHead(head: SignedTreeHead): string {
  return `tree head: size ${head.treeSize}, signed ${head.timestamp}, root ${head.rootHash}, key ${head.keyId}`;
}

function checkedText(result: BundleVerification): string {
  return `${result.checked.events} event hashes and chain links, ${result.checked.proofs} inclusion proofs`;
}
