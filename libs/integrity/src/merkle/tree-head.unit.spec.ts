import { generateTreeHeadKeyPair, TreeHeadSigner, verifyTreeHead } from './tree-head';

describe('signed tree heads', () => {
  const keys = generateTreeHeadKeyPair();
  const signer = new TreeHeadSigner(keys.privateKeyPem);
  const head = { treeSize: 42, rootHash: 'ab'.repeat(32), timestamp: '2021-03-01T08:00:00.000Z' };

  it('verifies with the public key it names', () => {
    const signed = signer.sign(head);
    expect(signed.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyTreeHead(signed, keys.publicKeyPem)).toEqual({ ok: true });
  });

  it('fails when any signed field changes', () => {
    const signed = signer.sign(head);
    for (const changed of [
      { ...signed, treeSize: 43 },
      { ...signed, rootHash: 'cd'.repeat(32) },
      { ...signed, timestamp: '2021-03-01T08:00:00.001Z' },
    ]) {
      expect(verifyTreeHead(changed, keys.publicKeyPem)).toEqual({ ok: false, reason: expect.stringMatching(/signature .* does not verify/) });
    }
  });

  it('fails with another key, naming both key ids', () => {
    const other = generateTreeHeadKeyPair();
    const forged = new TreeHeadSigner(other.privateKeyPem).sign(head);
    const check = verifyTreeHead(forged, keys.publicKeyPem);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain(signer.keyId);
    // Relabelled with the genuine key id, the signature still gives it away.
    expect(verifyTreeHead({ ...forged, keyId: signer.keyId }, keys.publicKeyPem)).toEqual({ ok: false, reason: expect.stringMatching(/does not verify/) });
  });

  it('refuses a key that is not Ed25519 and a malformed head', () => {
    expect(() => new TreeHeadSigner('not a key')).toThrow();
    expect(() => signer.sign({ ...head, rootHash: 'xyz' })).toThrow(/rootHash/);
    expect(verifyTreeHead({ ...signer.sign(head), treeSize: -1 }, keys.publicKeyPem)).toEqual({ ok: false, reason: expect.stringMatching(/treeSize/) });
  });
});
