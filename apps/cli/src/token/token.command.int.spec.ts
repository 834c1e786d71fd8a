import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { runLedger } from '../../test/run-ledger';

const ledger = runLedger;

describe('ledger token', () => {
  let root: string;
  let dataDir: string;
  const run = (...args: string[]) => ledger({}, ...args, '--data-dir', dataDir);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-token-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('after ledger init', () => {
    beforeEach(async () => {
      expect((await run('init')).code).toBe(0);
    });

    it('prints only the token on stdout, valid for 8 hours and verifiable with the public key init made', async () => {
      const before = Math.floor(Date.now() / 1000);
      const result = await run('token', '--sub', 'official-7', '--role', 'township-approver', '--unit', '330602001');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(result.stderr).toMatch(/^token for official-7 as township-approver in 330602001, valid until \S+ \(key [\w-]{43}\)\n$/);

      const token = result.stdout.trim();
      const publicJwk = JSON.parse(readFileSync(join(dataDir, 'keys', 'token-signing.public.jwk.json'), 'utf8'));
      const { payload, protectedHeader } = await jwtVerify(token, await importJWK(publicJwk, 'EdDSA'), {
        issuer: 'urn:assistance-ledger',
        audience: 'urn:assistance-ledger:api',
      });
      expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: publicJwk.kid, typ: 'JWT' });
      expect(payload).toMatchObject({ sub: 'official-7', roles: ['township-approver'], unit: '330602001' });
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(payload.iat).toBeGreaterThanOrEqual(before);
      expect(payload.exp! - payload.iat!).toBe(8 * 3600);
    });

    it('grants several roles and another lifetime when asked', async () => {
      const result = await run('token', '--sub', 'inspector-2', '--role', 'auditor', '--role', 'discipline-inspector', '--unit', '3306', '--ttl', '15m');
      expect(result.code).toBe(0);
      const payload = decodeJwt(result.stdout.trim());
      expect(payload.roles).toEqual(['auditor', 'discipline-inspector']);
      expect(payload.exp! - payload.iat!).toBe(900);
      expect(decodeProtectedHeader(result.stdout.trim()).alg).toBe('EdDSA');
    });

    it.each([
      [['--role', 'boss', '--unit', '3306'], 'ledger token: unknown role "boss"; roles are intake-clerk, township-approver, county-reviewer, supervisor, discipline-inspector, auditor, admin'],
      [['--role', 'admin', '--unit', '33060'], 'ledger token: --unit must be a 4-digit city, 6-digit county or 9-digit township code (got "33060")'],
      [['--role', 'admin', '--unit', '3306', '--ttl', '1y'], 'ledger token: --ttl: a lifetime must be a whole number with s, m, h or d, from 1s to 30d, e.g. 8h (got "1y")'],
      [['--role', 'admin', '--unit', '3306', '--sub', 'official 7'], 'ledger token: claim "sub" must be'],
    ])('refuses %j with exit 2 and says why, printing no token', async (args, message) => {
      const result = await run('token', '--sub', 'official-7', ...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
    });

    it('needs --sub, --role and --unit', async () => {
      const result = await run('token', '--role', 'admin', '--unit', '3306');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("required option '--sub <officialId>' not specified");
    });
  });

  it('before any key exists, says to run ledger init', async () => {
    const result = await run('token', '--sub', 'official-7', '--role', 'admin', '--unit', '3306');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `ledger token: no token signing key at ${join(dataDir, 'keys', 'token-signing.private.jwk.json')}: run \`ledger init\` (or start the API once) to create it\n`,
    );
  });

  it('refuses when an identity provider issues the tokens', async () => {
    const env = { LEDGER_JWKS_URL: 'https://idp.example/certs', LEDGER_JWT_ISSUER: 'https://idp.example', LEDGER_JWT_AUDIENCE: 'api' };
    const result = await ledger(env, 'token', '--sub', 'official-7', '--role', 'admin', '--unit', '3306', '--data-dir', dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tokens come from the identity provider (LEDGER_JWKS_URL is set)');
  });
});
