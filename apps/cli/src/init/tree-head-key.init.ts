import { ensureTreeHeadKey } from '@app/integrity/notary/tree-head-key-file';
import type { AppConfig } from '@app/platform';

/**
 * The key that signs tree heads: made where the configuration says (the embedded default under
 * the data directory, or LEDGER_TREE_HEAD_KEY_FILE) unless it exists; an existing key is never
 * replaced. Returns the lines `init` prints.
 */
export function initTreeHeadKey(config: AppConfig): string[] {
  const settings = config.treeHeads;
  const { signer, created, publicKeyFile } = ensureTreeHeadKey(settings);
  const lines = created
    ? [`created tree-head signing key ${settings.keyFile} (Ed25519, key id ${signer.keyId})`]
    : [`tree-head signing key ${settings.keyFile} already exists (key id ${signer.keyId})`];
  if (publicKeyFile === 'created') lines.push(`created tree-head public key ${settings.publicKeyFile}`);
  if (publicKeyFile === 'rewritten') lines.push(`rewrote tree-head public key ${settings.publicKeyFile} from the signing key`);
  return lines;
}
