import { GENESIS_HASH, hashEvent } from '@app/ledger/hash-chain';
import { createPublicKey } from 'node:crypto';
import { eventLeafHash, verifyInclusion } from '../merkle/merkle-tree';
import { keyIdOf, verifyTreeHead } from '../merkle/tree-head';
import type { BundleEvent, EvidenceBundle } from './evidence-bundle';
import { parseBundle } from './parse-bundle';

export type BundleFailureKind = 'signature' | 'key' | 'content' | 'chain' | 'proof' | 'missing-event' | 'format';

/** One thing that does not hold; `message` names it on its own (stream, revision, event). */
export interface BundleFailure {
  readonly kind: BundleFailureKind;
  readonly streamId?: string;
  /** Decimal string, as in the bundle. */
  readonly revision?: string;
  readonly eventId?: string;
  /** For 'format': the JSONPath of the malformed member. */
  readonly path?: string;
  readonly message: string;
}

export interface BundleVerification {
  readonly ok: boolean;
  /** Events whose hash was recomputed and chain link followed; inclusion proofs evaluated. */
  readonly checked: { readonly events: number; readonly proofs: number };
  /** Tree-head failures first, then in revision order. */
  readonly failures: readonly BundleFailure[];
}

/** The key id of an Ed25519 public key (PEM); throws when the text is not one. */
export function publicKeyIdOf(publicKeyPem: string): string {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new RangeError(`the public key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`);
  return keyIdOf(key);
}

/**
 * Verifies an evidence bundle with nothing but the bundle (as parsed from its JSON) and the public
 * key: the tree head's key and signature, each event's hash against its content, the chain of
 * prevHash links, the declared revision range (a removed event is named by its revision), and each
 * inclusion proof against the signed root. Every failure is reported, not just the first; a
 * malformed bundle is reported member by member and not checked further.
 *
 * Work is linear in the events plus O(log treeSize) per proof.
 */
export function verifyBundle(input: unknown, publicKeyPem: string): BundleVerification {
  const parsed = parseBundle(input);
  if (!parsed.ok) {
    const failures = parsed.problems.map((p): BundleFailure => ({ kind: 'format', path: p.path, message: `${p.path} ${p.message}` }));
    return { ok: false, checked: { events: 0, proofs: 0 }, failures };
  }
  const bundle = parsed.bundle;
  const headFailures = checkTreeHead(bundle, publicKeyPem);
  const entries = bundle.events
    .map((event) => ({ event, revision: BigInt(event.revision) }))
    .sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
  const eventFailures: { revision: bigint; failure: BundleFailure }[] = [];
  const report = (revision: bigint, failure: BundleFailure): void => void eventFailures.push({ revision, failure });

  for (const { event, revision } of entries) {
    const content = checkContent(event, revision);
    if (content) report(revision, content);
    const proof = checkProof(event, bundle);
    if (proof) report(revision, proof);
  }
  checkSequence(bundle, entries, report);

  // Stable: for one revision, content before proof before sequence.
  eventFailures.sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
  const failures = [...headFailures, ...eventFailures.map((f) => f.failure)];
  return { ok: failures.length === 0, checked: { events: entries.length, proofs: entries.length }, failures };
}

function checkTreeHead(bundle: EvidenceBundle, publicKeyPem: string): BundleFailure[] {
  const head = bundle.treeHead;
  const failures: BundleFailure[] = [];
  if (bundle.keyId !== head.keyId) {
    failures.push({ kind: 'key', message: `the bundle names key ${bundle.keyId} but its tree head was signed by key ${head.keyId}` });
  }
  let keyId: string;
  try {
    keyId = publicKeyIdOf(publicKeyPem);
  } catch (error) {
    failures.push({ kind: 'key', message: `the public key cannot be used: ${(error as Error).message}` });
    return failures;
  }
  if (head.keyId !== keyId) {
    failures.push({
      kind: 'key',
      message: `the tree head of size ${head.treeSize} names signing key ${head.keyId}, not the public key given (${keyId}): it was not signed by this ledger's key`,
    });
    return failures;
  }
  const check = verifyTreeHead(head, publicKeyPem);
  if (!check.ok) failures.push({ kind: 'signature', message: check.reason });
  return failures;
}

function checkContent(event: BundleEvent, revision: bigint): BundleFailure | undefined {
  let computed: string;
  try {
    computed = hashEvent({
      eventId: event.eventId,
      streamId: event.streamId,
      revision,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      prevHash: event.integrity.prevHash,
    });
  } catch (error) {
    return at(event, 'content', `cannot be hashed (${(error as Error).message})`);
  }
  if (computed === event.integrity.hash) return undefined;
  return at(event, 'content', `the content does not match its hash ${event.integrity.hash} (recomputed ${computed}): altered after it was recorded`);
}

function checkProof(event: BundleEvent, bundle: EvidenceBundle): BundleFailure | undefined {
  const { leafIndex, auditPath } = event.proof;
  const { treeSize, rootHash } = bundle.treeHead;
  if (leafIndex >= treeSize) return at(event, 'proof', `leaf index ${leafIndex} is outside the signed tree of size ${treeSize}`);
  const included = verifyInclusion(
    eventLeafHash(event.integrity.hash),
    leafIndex,
    treeSize,
    auditPath.map((node) => Buffer.from(node, 'hex')),
    Buffer.from(rootHash, 'hex'),
  );
  if (included) return undefined;
  return at(event, 'proof', `the inclusion proof of leaf ${leafIndex} does not lead to the root of the signed tree head of size ${treeSize}`);
}

/**
 * The events must be exactly the declared revisions of the bundle's stream, each linked to the one
 * before. Links are followed from each event's stated hash, so one edited event is reported once
 * (as 'content') rather than again at its successor.
 */
function checkSequence(
  bundle: EvidenceBundle,
  entries: readonly { event: BundleEvent; revision: bigint }[],
  report: (revision: bigint, failure: BundleFailure) => void,
): void {
  const first = BigInt(bundle.revisions.first);
  const last = BigInt(bundle.revisions.last);
  const range = `${first}..${last}`;
  let previous: { event: BundleEvent; revision: bigint } | undefined;
  let expected = first;
  for (const entry of entries) {
    const { event, revision } = entry;
    if (event.streamId !== bundle.streamId) {
      report(revision, at(event, 'chain', `belongs to stream ${event.streamId}, not to the bundle's stream ${bundle.streamId}`));
      continue;
    }
    if (revision < first || revision > last) {
      report(revision, at(event, 'chain', `is outside the bundle's declared revisions ${range}`));
      continue;
    }
    if (previous && previous.revision === revision) {
      report(revision, at(event, 'chain', `revision ${revision} appears twice (events ${previous.event.eventId} and ${event.eventId})`));
      continue;
    }
    if (revision > expected) reportGap(bundle.streamId, expected, revision - 1n, range, report);
    const prevHash =
      revision === 0n ? GENESIS_HASH : previous?.revision === revision - 1n ? previous.event.integrity.hash : undefined;
    // Without its predecessor (missing, or before the declared range) the link cannot be followed.
    if (prevHash !== undefined && event.integrity.prevHash !== prevHash) {
      const after = revision === 0n ? 'the genesis hash (it is revision 0)' : `the hash of revision ${revision - 1n}`;
      report(revision, at(event, 'chain', `its prevHash ${event.integrity.prevHash} is not ${after}: the chain is broken before it`));
    }
    previous = entry;
    expected = revision + 1n;
  }
  if (expected <= last) reportGap(bundle.streamId, expected, last, range, report);
}

function reportGap(
  streamId: string,
  from: bigint,
  to: bigint,
  range: string,
  report: (revision: bigint, failure: BundleFailure) => void,
): void {
  const which = from === to ? `revision ${from} is missing` : `revisions ${from}..${to} are missing (${to - from + 1n} events)`;
  report(from, {
    kind: 'missing-event',
    streamId,
    revision: from.toString(),
    message: `stream ${streamId}: ${which} from the bundle, which declares revisions ${range}`,
  });
}

function at(event: BundleEvent, kind: BundleFailureKind, what: string): BundleFailure {
  return {
    kind,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    message: `stream ${event.streamId} revision ${event.revision} (event ${event.eventId}): ${what}`,
  };
}
