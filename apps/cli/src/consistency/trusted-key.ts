import { loadTreeHeadPublicKey } from '@app/integrity/notary';
import type { AppConfig } from '@app/platform';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The public key a check trusts: a file the inspector holds, or else the ledger's own. */
export function loadTrustedKey(config: AppConfig, publicKeyFile: string | undefined): string {
  if (publicKeyFile) {
    try {
      return readFileSync(resolve(publicKeyFile), 'utf8');
    } catch (error) {
      throw new Error(`cannot read the public key ${resolve(publicKeyFile)}: ${(error as Error).message}`);
    }
  }
  return loadTreeHeadPublicKey(config.treeHeads).publicKeyPem;
}
