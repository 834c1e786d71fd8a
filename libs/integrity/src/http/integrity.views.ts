import { toJsonNumber } from '@app/platform/http/command-result.view';
import type { EventInclusionProof } from '../notary/integrity-log';

/** An inclusion proof as JSON: hashes hex, the revision a number. */
export interface InclusionProofView {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  /** The event's ledger hash; leafHash = SHA-256(0x00 ‖ eventHash). */
  readonly eventHash: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  /** RFC 9162 §2.1.3 audit path, from the leaf up. */
  readonly auditPath: readonly string[];
  /** The root at treeSize as the server computes it: check it against a signed tree head. */
  readonly rootHash: string;
}

export interface ConsistencyProofView {
  readonly from: number;
  readonly to: number;
  /** The roots as the server computes them: check them against signed tree heads. */
  readonly fromRoot: string;
  readonly toRoot: string;
  /** RFC 9162 §2.1.4 consistency proof. */
  readonly proof: readonly string[];
}

export interface TreeHeadPublicKeyView {
  readonly algorithm: 'Ed25519';
  /** SHA-256 of the key's SubjectPublicKeyInfo DER, hex: the keyId of the heads it signs. */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

export function toInclusionProofView(proof: EventInclusionProof): InclusionProofView {
  return {
    eventId: proof.eventId,
    streamId: proof.streamId,
    revision: toJsonNumber(proof.revision),
    eventHash: proof.eventHash,
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash: proof.leafHash,
    auditPath: proof.auditPath,
    rootHash: proof.rootHash,
  };
}
