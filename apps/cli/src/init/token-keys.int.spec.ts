import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedger } from '../../test/run-ledger';

const ledger = runLedger;

describe('ledger init and the token signing key', () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-init-keys-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the key pair on a fresh machine and names both files and the key id', async () => {
    const result = await ledger({}, 'init', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    const privateFile = join(dataDir, 'keys', 'token-signing.private.jwk.json');
    const publicFile = join(dataDir, 'keys', 'token-signing.public.jwk.json');
    const { kid } = JSON.parse(readFileSync(publicFile, 'utf8'));
    expect(result.stdout.trim().split('\n').slice(-2)).toEqual([
      `created token signing key ${privateFile} (EdDSA Ed25519, kid ${kid})`,
      `created token public key ${publicFile}`,
    ]);
  });

  it('run again, keeps the key and says so', async () => {
    await ledger({}, 'init', '--data-dir', dataDir);
    const { kid } = JSON.parse(readFileSync(join(dataDir, 'keys', 'token-signing.public.jwk.json'), 'utf8'));
    const again = await ledger({}, 'init', '--data-dir', dataDir);
    expect(again.stdout.trim().split('\n').pop()).toBe(
      `token signing key ${join(dataDir, 'keys', 'token-signing.private.jwk.json')} already exists (kid ${kid})`,
    );
  });

  it('makes no key when an identity provider signs the tokens', async () => {
    const env = { LEDGER_JWKS_URL: 'https://idp.example/certs', LEDGER_JWT_ISSUER: 'https://idp.example', LEDGER_JWT_AUDIENCE: 'api' };
    const result = await ledger(env, 'init', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').pop()).toBe(
      "tokens are verified with the identity provider's keys at https://idp.example/certs; no signing key to make",
    );
  });
});
