import { type AppConfig, ensureSigningKey, SIGNING_ALGORITHM, SIGNING_CURVE } from '@app/platform';

/**
 * The embedded default signs its own tokens: make its key pair unless it exists. With an identity
 * provider there is nothing to make. Returns the lines `init` prints.
 */
export async function initTokenKeys(config: AppConfig): Promise<string[]> {
  const { auth } = config;
  if (auth.kind === 'jwks') {
    return [`tokens are verified with the identity provider's keys at ${auth.jwksUrl}; no signing key to make`];
  }
  const { key, created, publicKeyFile } = await ensureSigningKey(auth.keyDir);
  const lines = created
    ? [`created token signing key ${key.files.privateKey} (${SIGNING_ALGORITHM} ${SIGNING_CURVE}, kid ${key.kid})`]
    : [`token signing key ${key.files.privateKey} already exists (kid ${key.kid})`];
  if (publicKeyFile === 'created') lines.push(`created token public key ${key.files.publicKey}`);
  if (publicKeyFile === 'rewritten') lines.push(`rewrote token public key ${key.files.publicKey} from the signing key`);
  return lines;
}
