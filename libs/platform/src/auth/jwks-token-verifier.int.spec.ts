import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../clock';
import { KeySetUnavailableError } from './authentication.error';
import type { SigningKey } from './signing-key';
import { issueToken } from './token-issuer';
import { jwksTokenVerifier } from './token-verifier';

const issuer = 'http://127.0.0.1/realms/minzheng';
const audience = 'assistance-ledger';
const now = '2025-03-01T08:00:00.000Z';

/** An identity provider on loopback that publishes one key, or never answers when told to hang. */
async function identityProvider(keys: JWK[], behaviour: 'serve' | 'hang' | 'fail'): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    if (behaviour === 'hang') return;
    if (behaviour === 'fail') {
      response.writeHead(500).end('down');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/certs`, server, hits: () => hits };
}

async function providerKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateJwk: { ...jwk, kid }, publicJwk: { ...publicJwk, kid, alg: 'EdDSA' }, files: { privateKey: '', publicKey: '' } };
}

describe("verifying an identity provider's tokens against its JWKS URL", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function setting(behaviour: 'serve' | 'hang' | 'fail', keys: JWK[]) {
    const provider = await identityProvider(keys, behaviour);
    servers.push(provider.server);
    const auth = { kind: 'jwks' as const, jwksUrl: provider.url, issuer, audience, clockToleranceSeconds: 30, jwksTimeoutMs: 300 };
    return { verifier: jwksTokenVerifier(auth, new FixedClock(now)), hits: provider.hits };
  }

  async function tokenOf(key: SigningKey): Promise<string> {
    const issued = await issueToken(
      key,
      { sub: 'official-7', roles: ['county-reviewer'], unit: '330602' },
      { issuer, audience, now: new Date(now), ttlSeconds: 600, tokenId: 't-1' },
    );
    return issued.token;
  }

  it('fetches the key set once and verifies with it', async () => {
    const key = await providerKey();
    const { verifier, hits } = await setting('serve', [key.publicJwk]);
    const token = await tokenOf(key);
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'official-7', roles: ['county-reviewer'], unit: '330602' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'official-7' });
    expect(hits()).toBe(1);
  });

  it('gives up after the configured timeout when the provider does not answer', async () => {
    const key = await providerKey();
    const { verifier } = await setting('hang', [key.publicJwk]);
    const started = Date.now();
    await expect(verifier.verify(await tokenOf(key))).rejects.toBeInstanceOf(KeySetUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports the provider unavailable, not the token invalid, when the key set cannot be fetched', async () => {
    const key = await providerKey();
    const { verifier } = await setting('fail', [key.publicJwk]);
    await expect(verifier.verify(await tokenOf(key))).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});
