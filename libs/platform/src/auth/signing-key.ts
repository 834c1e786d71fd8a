import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyFileExclusively, writePublicFile } from '../key-files';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

/** JWS algorithm of the embedded default's tokens: EdDSA over Ed25519 (RFC 8037). */
export const SIGNING_ALGORITHM = 'EdDSA';
export const SIGNING_CURVE = 'Ed25519';

export const PRIVATE_KEY_FILE = 'token-signing.private.jwk.json';
export const PUBLIC_KEY_FILE = 'token-signing.public.jwk.json';

export interface SigningKeyFiles {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The embedded default's key pair; `kid` is the RFC 7638 thumbprint of the public key. */
export interface SigningKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly files: SigningKeyFiles;
}

export interface EnsuredSigningKey {
  readonly key: SigningKey;
  /** True when this call generated the key pair. */
  readonly created: boolean;
  /** What happened to the public key file, which is always derived from the private one. */
  readonly publicKeyFile: 'created' | 'rewritten' | 'unchanged';
}

/** No key pair has been made yet (`ledger init` or the first start of the API makes one). */
export class SigningKeyMissingError extends Error {
  constructor(readonly file: string) {
    super(`no token signing key at ${file}: run \`ledger init\` (or start the API once) to create it`);
    this.name = 'SigningKeyMissingError';
  }
}

/** The key file exists but does not hold a usable Ed25519 private key. */
export class SigningKeyInvalidError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`token signing key ${file} is unusable: ${reason}`);
    this.name = 'SigningKeyInvalidError';
  }
}

export function signingKeyFiles(keyDir: string): SigningKeyFiles {
  return { privateKey: join(keyDir, PRIVATE_KEY_FILE), publicKey: join(keyDir, PUBLIC_KEY_FILE) };
}

/**
 * Reads the key pair, making it first when there is none. Safe when several processes start at
 * once: the private key is written to a temporary file and linked into place, so exactly one
 * pair wins and nobody reads a half-written file.
 */
export async function ensureSigningKey(keyDir: string): Promise<EnsuredSigningKey> {
  const files = signingKeyFiles(keyDir);
  let created = false;
  if (!existsSync(files.privateKey)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: SIGNING_CURVE, extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicPart(jwk));
    created = createKeyFileExclusively(files.privateKey, json({ ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' }));
  }
  const key = await loadKey(files);
  return { key, created, publicKeyFile: writePublicKey(files.publicKey, key.publicJwk) };
}

/** The existing key pair; never creates one. */
export async function readSigningKey(keyDir: string): Promise<SigningKey> {
  const files = signingKeyFiles(keyDir);
  if (!existsSync(files.privateKey)) throw new SigningKeyMissingError(files.privateKey);
  return loadKey(files);
}

/** The private key is the one source of truth; the public file is only its export. */
async function loadKey(files: SigningKeyFiles): Promise<SigningKey> {
  const file = files.privateKey;
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    throw new SigningKeyInvalidError(file, `not readable JSON (${(error as Error).message})`);
  }
  const base64url = /^[A-Za-z0-9_-]{43}$/;
  if (
    jwk === null ||
    typeof jwk !== 'object' ||
    jwk.kty !== 'OKP' ||
    jwk.crv !== SIGNING_CURVE ||
    !base64url.test(jwk.x ?? '') ||
    !base64url.test(jwk.d ?? '')
  ) {
    throw new SigningKeyInvalidError(file, 'expected a JWK with kty "OKP", crv "Ed25519", x and d');
  }
  const publicJwk = publicPart(jwk);
  const kid = await calculateJwkThumbprint(publicJwk);
  if (jwk.kid !== undefined && jwk.kid !== kid) {
    throw new SigningKeyInvalidError(file, `its kid ${jwk.kid} is not the thumbprint of its public key (${kid})`);
  }
  const key: SigningKey = {
    kid,
    privateJwk: { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
    files,
  };
  await assertPairMatches(key);
  return key;
}

/** An edited x or d would otherwise surface later as every token failing its signature check. */
async function assertPairMatches(key: SigningKey): Promise<void> {
  try {
    const probe = await new SignJWT({})
      .setProtectedHeader({ alg: SIGNING_ALGORITHM })
      .sign(await importJWK(key.privateJwk, SIGNING_ALGORITHM));
    await jwtVerify(probe, await importJWK(key.publicJwk, SIGNING_ALGORITHM));
  } catch (error) {
    throw new SigningKeyInvalidError(
      key.files.privateKey,
      `its private and public halves do not match (${(error as Error).message})`,
    );
  }
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function writePublicKey(file: string, publicJwk: JWK): EnsuredSigningKey['publicKeyFile'] {
  return writePublicFile(file, json(publicJwk));
}
