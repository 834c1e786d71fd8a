import type { EventMetadata, JsonObject, RecordedEvent, StreamRevision } from '@app/ledger/envelope';
import type { SignedTreeHead } from '../merkle/tree-head';

/**
 * An evidence bundle: the events of one stream (a case), each with an inclusion proof against one
 * signed tree head, as a single JSON document. Everything an inspector needs to check it offline
 * is inside except the public key, which they hold already: the events' hashes are recomputed from
 * their content, the chain is followed, each proof leads to the signed root.
 *
 * Bigints of the envelope (revision, globalPosition) are decimal strings here: JSON numbers lose
 * precision beyond 2^53 and some parsers silently round them.
 */
export const EVIDENCE_BUNDLE_FORMAT = 'assistance-ledger/evidence-bundle/v1';

/** Where an event's leaf sits in the tree of the bundle's head, and the sibling hashes up to its root. */
export interface BundleProof {
  /** 0-based leaf index in the log's Merkle tree (the notary's order, not the store's position). */
  readonly leafIndex: number;
  /** RFC 9162 PATH(leafIndex, D[treeSize]), deepest sibling first, 64 hex digits each. */
  readonly auditPath: readonly string[];
}

/** An event as the store recorded it (DESIGN §3), in JSON, with its proof. */
export interface BundleEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** Decimal string. */
  readonly revision: string;
  /** Decimal string. Not covered by the hash: informative only. */
  readonly globalPosition: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  /** Not covered by the hash: informative only. */
  readonly recordedAt: string;
  readonly integrity: { readonly prevHash: string; readonly hash: string };
  readonly proof: BundleProof;
}

export interface EvidenceBundle {
  readonly format: typeof EVIDENCE_BUNDLE_FORMAT;
  readonly streamId: string;
  /** When the bundle was assembled, ISO 8601. */
  readonly generatedAt: string;
  /** The key that signed the tree head (SHA-256 of its SubjectPublicKeyInfo DER). */
  readonly keyId: string;
  readonly treeHead: SignedTreeHead;
  /** The revisions the bundle declares it holds, decimal strings, both inclusive. */
  readonly revisions: { readonly first: string; readonly last: string };
  /** last − first + 1: every revision of the declared range has its event in `events`. */
  readonly eventCount: number;
  /** In revision order. */
  readonly events: readonly BundleEvent[];
}

/** What the notary answers for an event; extra members (treeSize, leafHash) are ignored. */
export interface InclusionProofInput {
  readonly leafIndex: number;
  readonly auditPath: readonly string[];
}

/** The assembler was given inputs that cannot make one bundle (a bug in the caller, not tampering). */
export class BundleAssemblyError extends Error {
  readonly code = 'bundle-assembly';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One recorded event with its inclusion proof, as the bundle holds it. */
export function toBundleEvent(recorded: RecordedEvent, proof: InclusionProofInput): BundleEvent {
  const at = `stream ${recorded.streamId} revision ${recorded.revision}`;
  if (!isPlainObject(recorded.data)) throw new BundleAssemblyError(`${at}: data is not a JSON object`);
  if (!Number.isSafeInteger(proof.leafIndex) || proof.leafIndex < 0) {
    throw new BundleAssemblyError(`${at}: leaf index ${proof.leafIndex} is not a whole number ≥ 0`);
  }
  return {
    eventId: recorded.eventId,
    streamId: recorded.streamId,
    revision: recorded.revision.toString(),
    globalPosition: recorded.globalPosition.toString(),
    type: recorded.type,
    schemaVersion: recorded.schemaVersion,
    data: recorded.data as JsonObject,
    metadata: recorded.metadata,
    recordedAt: recorded.recordedAt,
    integrity: { prevHash: recorded.integrity.prevHash, hash: recorded.integrity.hash },
    proof: { leafIndex: proof.leafIndex, auditPath: [...proof.auditPath] },
  };
}

export interface AssembleBundleInput {
  readonly streamId: string;
  /** The head every proof was computed against. */
  readonly treeHead: SignedTreeHead;
  readonly events: readonly BundleEvent[];
  /** ISO 8601; the caller's clock, so assembling stays a pure function. */
  readonly generatedAt: string;
  /**
   * The range to declare, when the caller knows more than the events it read: the export passes
   * the stream index's head revision as `last`, so events deleted from the log's end show up as
   * missing. Defaults to the lowest and highest revision of `events`.
   */
  readonly declaredRevisions?: { readonly first: StreamRevision; readonly last: StreamRevision };
}

/**
 * Puts events and their proofs into one bundle, in revision order. It checks only what the caller
 * controls (one stream, no revision twice, events within the declared range); whether hashes, chain
 * and proofs hold is for `verifyBundle`, so a ledger tampered with still exports what it holds.
 */
export function assembleBundle(input: AssembleBundleInput): EvidenceBundle {
  const { streamId, treeHead, generatedAt } = input;
  if (input.events.length === 0) throw new BundleAssemblyError(`stream ${streamId}: a bundle needs at least one event`);
  const byRevision = input.events
    .map((event) => ({ event, revision: BigInt(event.revision) }))
    .sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
  byRevision.forEach(({ event, revision }, i) => {
    if (event.streamId !== streamId) {
      throw new BundleAssemblyError(`event ${event.eventId} belongs to stream ${event.streamId}, not ${streamId}`);
    }
    if (i > 0 && byRevision[i - 1]!.revision === revision) {
      throw new BundleAssemblyError(`stream ${streamId}: revision ${revision} was given twice`);
    }
  });
  const first = input.declaredRevisions?.first ?? byRevision[0]!.revision;
  const last = input.declaredRevisions?.last ?? byRevision[byRevision.length - 1]!.revision;
  if (first < 0n || first > last) throw new BundleAssemblyError(`stream ${streamId}: declared revisions ${first}..${last} are not a range`);
  const outside = byRevision.find(({ revision }) => revision < first || revision > last);
  if (outside) {
    throw new BundleAssemblyError(`stream ${streamId}: revision ${outside.revision} is outside the declared revisions ${first}..${last}`);
  }
  return {
    format: EVIDENCE_BUNDLE_FORMAT,
    streamId,
    generatedAt,
    keyId: treeHead.keyId,
    treeHead: { ...treeHead },
    revisions: { first: first.toString(), last: last.toString() },
    eventCount: Number(last - first + 1n),
    events: byRevision.map(({ event }) => event),
  };
}

/** The bundle as the file an inspector receives: indented JSON with a final newline. */
export function serializeBundle(bundle: EvidenceBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
