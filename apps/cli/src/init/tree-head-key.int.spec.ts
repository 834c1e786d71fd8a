import { keyIdOf } from '@app/integrity';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedger } from '../../test/run-ledger';

const ledger = runLedger;

const keyIdIn = (file: string) => keyIdOf(createPublicKey(readFileSync(file, 'utf8')));

describe('ledger init and the tree-head signing key', () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-init-tree-head-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the Ed25519 pair of the embedded default under the data directory and names the key id', async () => {
    const result = await ledger({}, 'init', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    const privateFile = join(dataDir, 'keys', 'tree-head-ed25519.pem');
    const publicFile = join(dataDir, 'keys', 'tree-head-ed25519.pub.pem');
    expect(result.stdout).toContain(
      `created tree-head signing key ${privateFile} (Ed25519, key id ${keyIdIn(publicFile)})\n` +
        `created tree-head public key ${publicFile}\n`,
    );
  });

  it('run again, keeps the key and says so', async () => {
    await ledger({}, 'init', '--data-dir', dataDir);
    const privateFile = join(dataDir, 'keys', 'tree-head-ed25519.pem');
    const before = readFileSync(privateFile, 'utf8');
    const again = await ledger({}, 'init', '--data-dir', dataDir);
    expect(again.stdout).toContain(
      `tree-head signing key ${privateFile} already exists (key id ${keyIdIn(join(dataDir, 'keys', 'tree-head-ed25519.pub.pem'))})\n`,
    );
    expect(readFileSync(privateFile, 'utf8')).toBe(before);
  });

  it('makes the key where LEDGER_TREE_HEAD_KEY_FILE points', async () => {
    const keyFile = join(root, 'secrets', 'notary.pem');
    const result = await ledger({ LEDGER_TREE_HEAD_KEY_FILE: keyFile }, 'init', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`created tree-head signing key ${keyFile} (Ed25519, key id `);
    expect(existsSync(join(root, 'secrets', 'notary.pub.pem'))).toBe(true);
    expect(existsSync(join(dataDir, 'keys', 'tree-head-ed25519.pem'))).toBe(false);
  });
});
