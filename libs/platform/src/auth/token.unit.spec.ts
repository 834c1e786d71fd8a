import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { FixedClock } from '../clock';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import type { SigningKey } from './signing-key';
import { issueToken, parseTtl } from './token-issuer';
import { embeddedTokenVerifier, jwksTokenVerifier, type TokenVerifier } from './token-verifier';

const settings = { issuer: 'urn:assistance-ledger', audience: 'urn:assistance-ledger:api', clockToleranceSeconds: 30 };
const official = { sub: 'official-7', roles: ['township-approver' as const], unit: '330602001' };
const issuedAt = '2025-03-01T08:00:00.000Z';

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateJwk: { ...jwk, kid, alg: 'EdDSA' },
    publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
    files: { privateKey: '/nowhere/private.json', publicKey: '/nowhere/public.json' },
  };
}

async function sign(key: SigningKey, claims: Record<string, unknown> = official, ttlSeconds = 3600): Promise<string> {
  return (
    await issueToken(key, claims as typeof official, {
      ...settings,
      now: new Date(issuedAt),
      ttlSeconds,
      tokenId: 'token-1',
    })
  ).token;
}

/** Signs arbitrary claims, bypassing issueToken's own checks, as a foreign or broken issuer would. */
async function signRaw(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(new Date(issuedAt).getTime() / 1000);
  return new SignJWT({ iss: settings.issuer, aud: settings.audience, iat: now, exp: now + 3600, ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, ...header })
    .sign(await importJWK(key.privateJwk, 'EdDSA'));
}

async function refusal(verifier: TokenVerifier, token: string): Promise<AuthenticationError> {
  const outcome = await verifier.verify(token).then(
    () => new Error('expected the token to be refused'),
    (error: unknown) => error,
  );
  if (outcome instanceof AuthenticationError) return outcome;
  throw outcome;
}

describe('a token issued by the embedded default', () => {
  let key: SigningKey;
  let clock: FixedClock;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = await newKey();
  });
  beforeEach(async () => {
    clock = new FixedClock(issuedAt);
    clock.advance(60_000);
    verifier = await embeddedTokenVerifier(key, settings, clock);
  });

  it('carries sub, roles, unit, iss, aud, iat, exp and jti, and names its key', async () => {
    const token = await sign(key);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    expect(payload).toEqual({
      sub: 'official-7',
      roles: ['township-approver'],
      unit: '330602001',
      iss: settings.issuer,
      aud: settings.audience,
      iat: Date.parse(issuedAt) / 1000,
      exp: Date.parse(issuedAt) / 1000 + 3600,
      jti: 'token-1',
    });
  });

  it('verifies to the principal it names', async () => {
    await expect(verifier.verify(await sign(key))).resolves.toEqual(official);
  });

  it('is refused as expired once its lifetime and the clock tolerance have passed', async () => {
    const token = await sign(key);
    clock.set('2025-03-01T09:00:29.000Z');
    await expect(verifier.verify(token)).resolves.toEqual(official);
    clock.set('2025-03-01T09:00:31.000Z');
    const error = await refusal(verifier, token);
    expect(error.reason).toBe('expired');
    expect(error.message).toBe('the bearer token expired 2025-03-01T09:00:00.000Z');
  });

  it('is refused when signed by another key, even one that claims this key id', async () => {
    const other = await newKey();
    expect((await refusal(verifier, await sign(other))).reason).toBe('bad-signature');
    const forged = await signRaw({ ...other, kid: key.kid }, official);
    expect(await refusal(verifier, forged)).toMatchObject({
      reason: 'bad-signature',
      message: "the bearer token's signature does not verify",
    });
  });

  it('is refused when a byte of its payload is changed', async () => {
    const [header, payload, signature] = (await sign(key)).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    expect((await refusal(verifier, `${header}.${tampered}.${signature}`)).reason).toBe('bad-signature');
  });

  it('is refused with malformed claims when a role is unknown or the unit is no code', async () => {
    const unknownRole = await refusal(verifier, await signRaw(key, { ...official, roles: ['boss'] }));
    expect(unknownRole.reason).toBe('malformed-claims');
    expect(unknownRole.message).toMatch(/^the bearer token's claims are malformed: claim "roles"\[0\] "boss" is not a role/);
    expect((await refusal(verifier, await signRaw(key, { ...official, unit: 'shaoxing' }))).reason).toBe('malformed-claims');
    expect((await refusal(verifier, await signRaw(key, { roles: official.roles, unit: official.unit }))).message).toBe(
      `the bearer token's claims are malformed: claim "sub" is missing`,
    );
    expect((await refusal(verifier, await signRaw(key, { ...official, exp: undefined }))).reason).toBe('malformed-claims');
  });

  it('is refused when issued by someone else or for another audience', async () => {
    expect(await refusal(verifier, await signRaw(key, { ...official, iss: 'https://elsewhere' }))).toMatchObject({
      reason: 'wrong-issuer',
      message: 'the bearer token was issued by "https://elsewhere"; this server accepts "urn:assistance-ledger"',
    });
    expect((await refusal(verifier, await signRaw(key, { ...official, aud: 'another-api' }))).reason).toBe('wrong-audience');
  });

  it('is refused before its nbf', async () => {
    const nbf = Date.parse(issuedAt) / 1000 + 600;
    expect((await refusal(verifier, await signRaw(key, { ...official, nbf }))).reason).toBe('not-yet-valid');
  });

  it('is refused unsigned (alg none) or in any form that is not a signed JWT', async () => {
    const unsecured = new UnsecuredJWT({ ...official, iss: settings.issuer, aud: settings.audience })
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await refusal(verifier, unsecured)).toMatchObject({
      reason: 'wrong-algorithm',
      message: 'the bearer token is signed with an algorithm this server does not accept (accepted: EdDSA)',
    });
    expect((await refusal(verifier, 'not-a-token')).reason).toBe('malformed-token');
    expect((await refusal(verifier, 'a.b.c')).reason).toBe('malformed-token');
  });

  it('publishes the public key, never the private one', () => {
    expect(verifier.publicKeySet).toEqual({ keys: [key.publicJwk] });
    expect(JSON.stringify(verifier.publicKeySet)).not.toContain('"d"');
  });

  it('cannot be issued with claims the verifier would refuse', async () => {
    await expect(sign(key, { ...official, roles: ['boss'] })).rejects.toThrow(/"boss" is not a role/);
  });
});

describe("an identity provider's token", () => {
  const provider = { ...settings, kind: 'jwks' as const, jwksUrl: 'https://idp.example/jwks', jwksTimeoutMs: 1000 };

  it('verifies against the key its key set publishes under its kid', async () => {
    const key = await newKey();
    const verifier = jwksTokenVerifier(provider, new FixedClock(issuedAt), createLocalJWKSet({ keys: [key.publicJwk] }));
    await expect(verifier.verify(await sign(key))).resolves.toEqual(official);
    expect(verifier.publicKeySet).toBeUndefined();
  });

  it('is refused when the key set has no key for it', async () => {
    const verifier = jwksTokenVerifier(provider, new FixedClock(issuedAt), createLocalJWKSet({ keys: [(await newKey()).publicJwk] }));
    const error = await refusal(verifier, await sign(await newKey()));
    expect(error.reason).toBe('bad-signature');
    expect(error.message).toMatch(/^the identity provider publishes no key for this bearer token/);
  });

  it('is refused when signed with a shared secret', async () => {
    const key = await newKey();
    const verifier = jwksTokenVerifier(provider, new FixedClock(issuedAt), createLocalJWKSet({ keys: [key.publicJwk] }));
    const now = Math.floor(Date.parse(issuedAt) / 1000);
    const hs256 = await new SignJWT({ ...official, iss: settings.issuer, aud: settings.audience, iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32));
    expect((await refusal(verifier, hs256)).reason).toBe('wrong-algorithm');
  });

  it('cannot be checked while the key set cannot be fetched: the server is unavailable, the token not refused', async () => {
    const unreachable = () => Promise.reject(Object.assign(new Error('request timed out'), { code: 'ERR_JWKS_TIMEOUT' }));
    const verifier = jwksTokenVerifier(provider, new FixedClock(issuedAt), unreachable);
    await expect(verifier.verify(await sign(await newKey()))).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});

describe('token lifetimes', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['8h', 28_800],
    ['30d', 2_592_000],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it.each(['0s', '31d', '8', '8 hours', '-1h', '1.5h', ''])('%j is refused', (text) => {
    expect(() => parseTtl(text)).toThrow(/from 1s to 30d/);
  });
});
