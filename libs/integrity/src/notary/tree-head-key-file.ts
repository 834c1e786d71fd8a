import { ConfigError, TREE_HEAD_KEY_SETTING, type TreeHeadSettings } from '@app/platform/config';
import { createKeyFileExclusively, writePublicFile } from '@app/platform/key-files';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateTreeHeadKeyPair, keyIdOf, TreeHeadSigner } from '../merkle/tree-head';

/** The public half of the tree-head key: what inspectors verify heads with. */
export interface TreeHeadPublicKey {
  readonly keyId: string;
  /** SubjectPublicKeyInfo PEM. */
  readonly publicKeyPem: string;
}

export interface EnsuredTreeHeadKey {
  readonly signer: TreeHeadSigner;
  /** True when this call generated the key pair. */
  readonly created: boolean;
  /** What happened to the public key file, which is always derived from the private one. */
  readonly publicKeyFile: 'created' | 'rewritten' | 'unchanged';
}

/**
 * Reads the signing key, making the pair first when the file is absent; never overwrites a
 * private key. Safe when two processes start at once: the key is written to a temporary file and
 * linked into place, so exactly one pair wins and nobody reads a half-written file.
 */
export function ensureTreeHeadKey(settings: TreeHeadSettings): EnsuredTreeHeadKey {
  let created = false;
  if (!existsSync(settings.keyFile)) {
    mkdirSync(dirname(settings.keyFile), { recursive: true, mode: 0o700 });
    created = createKeyFileExclusively(settings.keyFile, generateTreeHeadKeyPair().privateKeyPem);
  }
  const signer = readTreeHeadSigner(settings);
  return { signer, created, publicKeyFile: writePublicFile(settings.publicKeyFile, signer.publicKeyPem) };
}

/**
 * The signer a notary needs. The embedded default makes its key on first start, like the token
 * key; a key file named in the configuration must exist, or the start stops naming the setting.
 */
export function loadTreeHeadSigner(settings: TreeHeadSettings): TreeHeadSigner {
  return settings.embeddedKey ? ensureTreeHeadKey(settings).signer : readTreeHeadSigner(settings);
}

/** The existing signing key; never creates one. */
export function readTreeHeadSigner(settings: TreeHeadSettings): TreeHeadSigner {
  const pem = readKeyFile(settings.keyFile, 'tree-head signing key');
  try {
    return new TreeHeadSigner(pem);
  } catch (error) {
    throw keyProblem(`names ${settings.keyFile}, which does not hold a PKCS #8 PEM Ed25519 private key: ${(error as Error).message}`);
  }
}

/**
 * The public key for a process that serves heads and proofs but signs nothing (an API whose
 * notary runs in the worker): the public file beside the key, or else derived from the key.
 */
export function loadTreeHeadPublicKey(settings: TreeHeadSettings): TreeHeadPublicKey {
  if (!existsSync(settings.publicKeyFile)) {
    const signer = readTreeHeadSigner(settings);
    return { keyId: signer.keyId, publicKeyPem: signer.publicKeyPem };
  }
  const pem = readKeyFile(settings.publicKeyFile, 'tree-head public key');
  try {
    const publicKey = createPublicKey(pem);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`it is an ${publicKey.asymmetricKeyType ?? 'unknown'} key`);
    return { keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  } catch (error) {
    throw keyProblem(`names ${settings.publicKeyFile}, which does not hold an Ed25519 public key (SPKI PEM): ${(error as Error).message}`);
  }
}

function readKeyFile(file: string, what: string): string {
  if (!existsSync(file)) throw missingKey(file, what);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw keyProblem(`cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
}

function missingKey(file: string, what: string): ConfigError {
  return keyProblem(
    `names no ${what} at ${file}: run \`ledger init\` with the same configuration to create the key pair, ` +
      `or point ${TREE_HEAD_KEY_SETTING} at the key file`,
  );
}

function keyProblem(message: string): ConfigError {
  return new ConfigError([{ setting: TREE_HEAD_KEY_SETTING, message }]);
}
