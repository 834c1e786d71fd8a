import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureSigningKey,
  readSigningKey,
  SigningKeyInvalidError,
  SigningKeyMissingError,
  signingKeyFiles,
} from './signing-key';

describe('the token signing key of the embedded default', () => {
  let root: string;
  let keyDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    keyDir = join(root, 'data', 'keys');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is made on first use: a private JWK only its owner can read, and the public JWK beside it', async () => {
    const { key, created, publicKeyFile } = await ensureSigningKey(keyDir);
    expect({ created, publicKeyFile }).toEqual({ created: true, publicKeyFile: 'created' });
    const files = signingKeyFiles(keyDir);
    expect(key.files).toEqual(files);
    expect(statSync(files.privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    const privateJwk = JSON.parse(readFileSync(files.privateKey, 'utf8'));
    const publicJwk = JSON.parse(readFileSync(files.publicKey, 'utf8'));
    expect(privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.kid, alg: 'EdDSA', use: 'sig', d: expect.any(String) });
    expect(publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, kid: key.kid, alg: 'EdDSA', use: 'sig' });
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is kept on later runs', async () => {
    const first = await ensureSigningKey(keyDir);
    const again = await ensureSigningKey(keyDir);
    expect({ created: again.created, publicKeyFile: again.publicKeyFile }).toEqual({ created: false, publicKeyFile: 'unchanged' });
    expect(again.key.kid).toBe(first.key.kid);
    expect((await readSigningKey(keyDir)).kid).toBe(first.key.kid);
  });

  it('is made exactly once when several processes start together', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => ensureSigningKey(keyDir)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.key.kid)).size).toBe(1);
  });

  it('rewrites a lost or edited public key from the private one', async () => {
    const { key } = await ensureSigningKey(keyDir);
    writeFileSync(key.files.publicKey, '{"kty":"OKP","crv":"Ed25519","x":"someone-elses-key"}');
    const repaired = await ensureSigningKey(keyDir);
    expect(repaired.publicKeyFile).toBe('rewritten');
    expect(JSON.parse(readFileSync(key.files.publicKey, 'utf8'))).toEqual(key.publicJwk);
    rmSync(key.files.publicKey);
    expect((await ensureSigningKey(keyDir)).publicKeyFile).toBe('created');
  });

  it('is not made by a reader', async () => {
    await expect(readSigningKey(keyDir)).rejects.toBeInstanceOf(SigningKeyMissingError);
    await expect(readSigningKey(keyDir)).rejects.toThrow(/run `ledger init`/);
  });

  it('refuses a damaged key file, naming it, instead of signing with it', async () => {
    const { key } = await ensureSigningKey(keyDir);
    const jwk = JSON.parse(readFileSync(key.files.privateKey, 'utf8'));
    const other = await ensureSigningKey(join(root, 'other'));

    writeFileSync(key.files.privateKey, '{ not json');
    await expect(readSigningKey(keyDir)).rejects.toThrow(SigningKeyInvalidError);

    writeFileSync(key.files.privateKey, JSON.stringify({ ...jwk, crv: 'X25519' }));
    await expect(readSigningKey(keyDir)).rejects.toThrow(/expected a JWK with kty "OKP", crv "Ed25519"/);

    const swappedPublicHalf = { ...jwk, x: other.key.publicJwk.x, kid: undefined };
    writeFileSync(key.files.privateKey, JSON.stringify(swappedPublicHalf));
    await expect(readSigningKey(keyDir)).rejects.toThrow(/private and public halves do not match/);

    writeFileSync(key.files.privateKey, JSON.stringify({ ...jwk, kid: 'renamed' }));
    await expect(readSigningKey(keyDir)).rejects.toThrow(/kid renamed is not the thumbprint/);
    await expect(ensureSigningKey(keyDir)).rejects.toThrow(key.files.privateKey);
  });
});
