import type { AuthSettings } from '../config';
import type { Clock } from '../clock';
import {
  createRemoteJWKSet,
  importJWK,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import { MalformedClaimsError, type Principal, principalFromClaims } from './principal';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key';

/** Turns a bearer token into the principal it names, or throws AuthenticationError. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** The keys this server publishes at /.well-known/jwks.json; undefined when an identity provider signs. */
  readonly publicKeySet: JSONWebKeySet | undefined;
  /** In words, for the start-up log. */
  readonly description: string;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Identity providers sign with public-key algorithms; a shared secret (HS*) or "none" is never accepted. */
export const PROVIDER_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

interface VerifyOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly clock: Clock;
}

/** The embedded default: tokens that `ledger token` signed with this data directory's key. */
export async function embeddedTokenVerifier(
  key: SigningKey,
  settings: { readonly issuer: string; readonly audience: string; readonly clockToleranceSeconds: number },
  clock: Clock,
): Promise<TokenVerifier> {
  const publicKey = await importJWK(key.publicJwk, SIGNING_ALGORITHM);
  const getKey: JWTVerifyGetKey = (header) => {
    if (header.kid !== undefined && header.kid !== key.kid) {
      throw new AuthenticationError(
        'bad-signature',
        `the bearer token was signed with key ${JSON.stringify(header.kid)}, not this server's key ${key.kid}`,
      );
    }
    return publicKey;
  };
  const options = { ...settings, algorithms: [SIGNING_ALGORITHM], clock };
  return {
    verify: (token) => verifyToken(token, getKey, options),
    publicKeySet: { keys: [key.publicJwk] },
    description: `tokens signed by this server's key ${key.kid} (${key.files.privateKey})`,
  };
}

/** Production: an identity provider's tokens, checked against its published key set. */
export function jwksTokenVerifier(
  settings: Extract<AuthSettings, { kind: 'jwks' }>,
  clock: Clock,
  keySet: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: settings.jwksTimeoutMs }),
): TokenVerifier {
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      const code = errorCode(error);
      // jose signals several candidate keys with this error and then tries each of them.
      if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
        throw new AuthenticationError(
          'bad-signature',
          'the identity provider publishes no key for this bearer token ' +
            `(kid ${JSON.stringify(header.kid ?? null)}, alg ${header.alg})`,
        );
      }
      throw new KeySetUnavailableError(error instanceof Error ? error.message : String(error));
    }
  };
  return {
    verify: (token) => verifyToken(token, getKey, { ...settings, algorithms: PROVIDER_ALGORITHMS, clock }),
    publicKeySet: undefined,
    description: `tokens of the identity provider ${settings.issuer}, keys from ${settings.jwksUrl}`,
  };
}

async function verifyToken(token: string, getKey: JWTVerifyGetKey, options: VerifyOptions): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, getKey, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: [...options.algorithms],
      clockTolerance: options.clockToleranceSeconds,
      currentDate: options.clock.now(),
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    throw toAuthenticationError(error, options);
  }
  try {
    return principalFromClaims(payload);
  } catch (error) {
    if (error instanceof MalformedClaimsError) {
      throw new AuthenticationError('malformed-claims', `the bearer token's claims are malformed: ${error.message}`);
    }
    throw error;
  }
}

function toAuthenticationError(error: unknown, options: VerifyOptions): unknown {
  if (error instanceof AuthenticationError || error instanceof KeySetUnavailableError) return error;
  const detail = (error as { claim?: unknown; reason?: unknown; payload?: JWTPayload }) ?? {};
  switch (errorCode(error)) {
    case 'ERR_JWT_EXPIRED':
      return new AuthenticationError('expired', `the bearer token expired${at(detail.payload?.exp)}`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new AuthenticationError('bad-signature', "the bearer token's signature does not verify");
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new AuthenticationError(
        'wrong-algorithm',
        'the bearer token is signed with an algorithm this server does not accept ' +
          `(accepted: ${options.algorithms.join(', ')})`,
      );
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claimError(String(detail.claim), String(detail.reason), detail.payload, options);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new AuthenticationError(
        'malformed-token',
        `the bearer token is not a well-formed signed JWT: ${(error as Error).message}`,
      );
    default:
      return error;
  }
}

function claimError(
  claim: string,
  reason: string,
  payload: JWTPayload | undefined,
  options: VerifyOptions,
): AuthenticationError {
  if (claim === 'iss' && reason !== 'missing') {
    return new AuthenticationError(
      'wrong-issuer',
      `the bearer token was issued by ${JSON.stringify(payload?.iss ?? null)}; ` +
        `this server accepts ${JSON.stringify(options.issuer)}`,
    );
  }
  if (claim === 'aud' && reason !== 'missing') {
    return new AuthenticationError(
      'wrong-audience',
      `the bearer token is not meant for this API (audience must include ${JSON.stringify(options.audience)})`,
    );
  }
  if (claim === 'nbf' && reason === 'check_failed') {
    return new AuthenticationError('not-yet-valid', `the bearer token is not valid before${at(payload?.nbf)}`);
  }
  const problem = reason === 'missing' ? 'is missing' : 'is invalid';
  return new AuthenticationError(
    'malformed-claims',
    `the bearer token's claims are malformed: claim "${claim}" ${problem}`,
  );
}

function at(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? ` ${new Date(seconds * 1000).toISOString()}` : '';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
