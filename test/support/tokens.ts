import { type AppConfig, type Clock, issueToken, readSigningKey, type TokenRequest } from '@app/platform';
import { randomUUID } from 'node:crypto';

/**
 * `Bearer <token>` for an app on the embedded default, signed with the key its data directory
 * holds (the app makes it on start, so call this after app.init()), issued at the app's clock.
 */
export async function bearer(config: AppConfig, clock: Clock, principal: TokenRequest, ttlSeconds = 3600): Promise<string> {
  const { auth } = config;
  if (auth.kind !== 'embedded') throw new Error('bearer() signs tokens of the embedded default only');
  const key = await readSigningKey(auth.keyDir);
  const { token } = await issueToken(key, principal, {
    issuer: auth.issuer,
    audience: auth.audience,
    now: clock.now(),
    ttlSeconds,
    tokenId: randomUUID(),
  });
  return `Bearer ${token}`;
}
