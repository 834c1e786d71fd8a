import { importJWK, SignJWT } from 'jose';
import type { Role } from '../roles';
import { type Principal, principalFromClaims } from './principal';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key';

export interface TokenRequest {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly unit: string;
}

export interface IssueOptions {
  readonly issuer: string;
  readonly audience: string;
  /** The issuing clock's time: iat, and exp = iat + ttl. */
  readonly now: Date;
  readonly ttlSeconds: number;
  /** The token's id (jti), minted by the caller. */
  readonly tokenId: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly principal: Principal;
  readonly expiresAt: Date;
}

/** Signs a token for the embedded default; the claims get the same strict checks as on the way in. */
export async function issueToken(key: SigningKey, request: TokenRequest, options: IssueOptions): Promise<IssuedToken> {
  const principal = principalFromClaims({ ...request });
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const expiresAt = issuedAt + options.ttlSeconds;
  const token = await new SignJWT({ roles: [...principal.roles], unit: principal.unit })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(principal.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(options.tokenId)
    .sign(await importJWK(key.privateJwk, SIGNING_ALGORITHM));
  return { token, principal, expiresAt: new Date(expiresAt * 1000) };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
export const MAX_TTL_SECONDS = 30 * 86_400;

/** "90s", "15m", "8h", "7d" → seconds; from one second to 30 days. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]] : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new RangeError(
      `a lifetime must be a whole number with s, m, h or d, from 1s to 30d, e.g. 8h (got ${JSON.stringify(text)})`,
    );
  }
  return seconds;
}
