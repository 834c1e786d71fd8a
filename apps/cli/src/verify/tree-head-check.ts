import { integrityStoreConfig, readLatestTreeHead } from '@app/integrity/notary';
import { checkLogAgainstHeads, type NamedEvent } from '@app/integrity/verify/log-against-heads';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';
import type { EventStore } from '@app/ledger';
import type { AppConfig } from '@app/platform';
import { createReadStore, type ReadStore } from '@app/projections';
import { existsSync } from 'node:fs';
import { loadTrustedKey } from '../consistency/trusted-key';

export type LatestHead =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly head: SignedTreeHead; readonly publicKeyPem: string; readonly integrity: ReadStore };

export type HeadCheck =
  | { readonly kind: 'none' }
  | { readonly kind: 'matches'; readonly head: SignedTreeHead }
  | { readonly kind: 'broken'; readonly head: SignedTreeHead; readonly reason: string; readonly event?: NamedEvent };

/**
 * The latest signed head from the integrity store beside the ledger, if there is one, and the
 * public key to check it with: the file given (an inspector's own copy), else the ledger's.
 */
export async function readLatestHeadAndKey(config: AppConfig, publicKeyFile: string | undefined): Promise<LatestHead> {
  const storeConfig = integrityStoreConfig(config);
  if (storeConfig.kind === 'sqlite' && !existsSync(storeConfig.file)) return { kind: 'none' };
  const integrity = await createReadStore(storeConfig);
  try {
    const hasTables = await integrity
      .get('SELECT 1 AS present FROM tree_heads LIMIT 1')
      .then(() => true)
      .catch(() => false);
    const head = hasTables ? await readLatestTreeHead(integrity) : undefined;
    if (!head) {
      await integrity.close();
      return { kind: 'none' };
    }
    const publicKeyPem = loadTrustedKey(config, publicKeyFile);
    return { kind: 'found', head, publicKeyPem, integrity };
  } catch (error) {
    await integrity.close();
    throw error;
  }
}

/** Recomputes the root of the head's size from the log and compares; names the altered event. */
export async function verifyAgainstLatestHead(store: EventStore, latest: Extract<LatestHead, { kind: 'found' }>): Promise<HeadCheck> {
  try {
    const [check] = await checkLogAgainstHeads({ store, integrity: latest.integrity, heads: [latest.head], publicKeyPem: latest.publicKeyPem });
    if (check!.ok) return { kind: 'matches', head: latest.head };
    return { kind: 'broken', head: latest.head, reason: check!.reason, ...(check!.event ? { event: check!.event } : {}) };
  } finally {
    await latest.integrity.close();
  }
}
