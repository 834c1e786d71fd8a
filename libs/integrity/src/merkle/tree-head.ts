import canonicalize from 'canonicalize';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

/**
 * A tree head: the size and root of the Merkle tree over the log at a moment. Signed with Ed25519
 * it becomes a statement by the ledger that anyone holding the public key can check offline; an
 * inspector who keeps one can later demand a consistency proof to the current head.
 */
export interface TreeHead {
  readonly treeSize: number;
  /** MTH of the first treeSize leaves, 64 lower-case hex digits. */
  readonly rootHash: string;
  /** When the head was signed, ISO 8601 UTC with milliseconds. */
  readonly timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  readonly algorithm: typeof TREE_HEAD_ALGORITHM;
  /** SHA-256 of the signing key's public key (SubjectPublicKeyInfo DER), 64 hex digits. */
  readonly keyId: string;
  /** Ed25519 over `treeHeadSigningInput`, base64. */
  readonly signature: string;
}

export const TREE_HEAD_ALGORITHM = 'Ed25519';

/** Names what the signed bytes are, so a signature over a tree head is never mistaken for another. */
export const TREE_HEAD_CONTEXT = 'assistance-ledger/tree-head/v1';

/** The exact bytes signed: RFC 8785 canonical JSON of the head, its key id and the context. */
export function treeHeadSigningInput(head: TreeHead, keyId: string): Buffer {
  const statement = {
    context: TREE_HEAD_CONTEXT,
    keyId,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    treeSize: head.treeSize,
  };
  return Buffer.from(canonicalize(statement) as string, 'utf8');
}

/** The key id of a public key: SHA-256 of its SubjectPublicKeyInfo DER, hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export interface TreeHeadKeyPair {
  /** PKCS #8 PEM. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM: what inspectors are given. */
  readonly publicKeyPem: string;
}

export function generateTreeHeadKeyPair(): TreeHeadKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Signs tree heads with one Ed25519 private key. */
export class TreeHeadSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  private readonly privateKey: KeyObject;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new RangeError(`the tree-head key must be Ed25519 (got ${this.privateKey.asymmetricKeyType ?? 'unknown'})`);
    }
    const publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(head: TreeHead): SignedTreeHead {
    assertTreeHead(head);
    const signature = sign(null, treeHeadSigningInput(head, this.keyId), this.privateKey).toString('base64');
    return {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      algorithm: TREE_HEAD_ALGORITHM,
      keyId: this.keyId,
      signature,
    };
  }
}

export type TreeHeadCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks a signed tree head against a public key (PEM): its shape, key id and signature. */
export function verifyTreeHead(head: SignedTreeHead, publicKeyPem: string): TreeHeadCheck {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch (error) {
    return { ok: false, reason: `the public key cannot be read: ${(error as Error).message}` };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'the public key is not an Ed25519 key' };
  try {
    assertTreeHead(head);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (head.algorithm !== TREE_HEAD_ALGORITHM) return { ok: false, reason: `unknown signature algorithm ${JSON.stringify(head.algorithm)}` };
  const keyId = keyIdOf(publicKey);
  if (head.keyId !== keyId) return { ok: false, reason: `the tree head names key ${head.keyId}, the public key given is ${keyId}` };
  const signature = Buffer.from(String(head.signature), 'base64');
  if (!verify(null, treeHeadSigningInput(head, keyId), publicKey, signature)) {
    return { ok: false, reason: `the signature of the tree head of size ${head.treeSize} does not verify with key ${keyId}` };
  }
  return { ok: true };
}

function assertTreeHead(head: TreeHead): void {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) throw new RangeError(`treeSize must be a whole number ≥ 0 (got ${JSON.stringify(head.treeSize)})`);
  if (typeof head.rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(head.rootHash)) throw new RangeError('rootHash must be 64 lower-case hex digits');
  if (typeof head.timestamp !== 'string' || Number.isNaN(Date.parse(head.timestamp))) throw new RangeError('timestamp must be an ISO 8601 instant');
}
