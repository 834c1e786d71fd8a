import { ConfigError, loadConfig } from '@app/platform/config';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureTreeHeadKey,
  generateTreeHeadKeyPair,
  loadTreeHeadPublicKey,
  loadTreeHeadSigner,
  TreeHeadSigner,
  verifyTreeHead,
} from '../src';

describe('the tree-head signing key', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tree-head-key-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('of the embedded default', () => {
    it('is made under the data directory on first use, private to its owner, with the public key beside it', () => {
      const { treeHeads } = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
      const { signer, created, publicKeyFile } = ensureTreeHeadKey(treeHeads);
      expect(treeHeads.keyFile).toBe(join(root, 'data', 'keys', 'tree-head-ed25519.pem'));
      expect({ created, publicKeyFile }).toEqual({ created: true, publicKeyFile: 'created' });
      expect(statSync(treeHeads.keyFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(root, 'data', 'keys', 'tree-head-ed25519.pub.pem'), 'utf8')).toBe(signer.publicKeyPem);
      const head = signer.sign({ treeSize: 1, rootHash: 'ab'.repeat(32), timestamp: '2021-03-01T01:00:00.000Z' });
      expect(verifyTreeHead(head, loadTreeHeadPublicKey(treeHeads).publicKeyPem)).toEqual({ ok: true });
    });

    it('is never replaced once made; a public key that does not match it is written again', () => {
      const { treeHeads } = loadConfig({ LEDGER_DATA_DIR: root });
      const first = ensureTreeHeadKey(treeHeads);
      writeFileSync(treeHeads.publicKeyFile, generateTreeHeadKeyPair().publicKeyPem);
      const again = ensureTreeHeadKey(treeHeads);
      expect(again).toMatchObject({ created: false, publicKeyFile: 'rewritten' });
      expect(again.signer.keyId).toBe(first.signer.keyId);
      expect(loadTreeHeadSigner(treeHeads).keyId).toBe(first.signer.keyId);
      expect(ensureTreeHeadKey(treeHeads).publicKeyFile).toBe('unchanged');
    });
  });

  describe('named by LEDGER_TREE_HEAD_KEY_FILE', () => {
    it('is read from there, never made at start-up', () => {
      const keyFile = join(root, 'notary.pem');
      const pair = generateTreeHeadKeyPair();
      writeFileSync(keyFile, pair.privateKeyPem);
      const { treeHeads } = loadConfig({ LEDGER_TREE_HEAD_KEY_FILE: keyFile });
      expect(loadTreeHeadSigner(treeHeads).keyId).toBe(new TreeHeadSigner(pair.privateKeyPem).keyId);
      // No public file yet: a process that only serves derives it from the key.
      expect(loadTreeHeadPublicKey(treeHeads).publicKeyPem).toBe(pair.publicKeyPem);
    });

    it('stops the start when missing, naming the setting and `ledger init`', () => {
      const { treeHeads } = loadConfig({ LEDGER_TREE_HEAD_KEY_FILE: join(root, 'absent.pem') });
      const load = () => loadTreeHeadSigner(treeHeads);
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/LEDGER_TREE_HEAD_KEY_FILE names no tree-head signing key at .*absent\.pem: run `ledger init`/);
      expect(() => loadTreeHeadPublicKey(treeHeads)).toThrow(/LEDGER_TREE_HEAD_KEY_FILE names no tree-head signing key/);
      expect(existsSync(join(root, 'absent.pem'))).toBe(false);
    });

    it('refuses a key that is not Ed25519, naming the setting', () => {
      const keyFile = join(root, 'rsa.pem');
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
      writeFileSync(keyFile, rsa);
      const { treeHeads } = loadConfig({ LEDGER_TREE_HEAD_KEY_FILE: keyFile });
      expect(() => loadTreeHeadSigner(treeHeads)).toThrow(/LEDGER_TREE_HEAD_KEY_FILE names .*rsa\.pem, which does not hold a PKCS #8 PEM Ed25519 private key/);
    });
  });
});
