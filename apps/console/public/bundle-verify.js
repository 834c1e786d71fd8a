// An evidence bundle checked in the browser as `ledger bundle verify` checks it offline
// (libs/integrity/src/bundle/verify-bundle.ts): the tree head's key and Ed25519 signature, every
// event's hash over its RFC 8785 canonical JSON, the prevHash chain and the declared revisions,
// and every RFC 9162 inclusion proof against the signed root. WebCrypto does the hashing and the
// signature; nothing leaves the page.
import canonicalize from 'canonicalize';

export const EVIDENCE_BUNDLE_FORMAT = 'assistance-ledger/evidence-bundle/v1';
const TREE_HEAD_CONTEXT = 'assistance-ledger/tree-head/v1';
const GENESIS_HASH = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

const utf8 = (text) => new TextEncoder().encode(text);
const toHex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex) => new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The DER of a PEM block (SubjectPublicKeyInfo for the tree-head key). */
export function pemToDer(pem) {
  const body = String(pem).replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

/** The key id of a public key: SHA-256 of its SubjectPublicKeyInfo DER, hex. */
export async function keyIdOf(publicKeyPem) {
  return toHex(await sha256(pemToDer(publicKeyPem)));
}

/** The ledger hash of an event: SHA-256 of the canonical envelope without position, time and hash. */
export async function eventHash(event) {
  const canonical = canonicalize({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    integrity: { prevHash: event.integrity.prevHash },
  });
  return toHex(await sha256(utf8(canonical)));
}

/** RFC 9162 §2.1.3.2: does the audit path lead from the leaf at `index` to `root`? */
export async function verifyInclusion(leaf, index, size, path, root) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  const node = (left, right) => sha256(concat(Uint8Array.of(1), left, right));
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(r, root);
}

/** The members a check needs, path by path; the bundle is not checked further when one is wrong. */
function formatProblems(bundle) {
  const problems = [];
  const need = (ok, path, what) => ok || problems.push({ kind: 'format', path, message: `${path} ${what}` });
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return [{ kind: 'format', path: '$', message: '$ must be a JSON object' }];
  need(bundle.format === EVIDENCE_BUNDLE_FORMAT, '$.format', `must be ${EVIDENCE_BUNDLE_FORMAT}`);
  need(typeof bundle.streamId === 'string', '$.streamId', 'must be a string');
  const head = bundle.treeHead;
  need(typeof head === 'object' && head !== null, '$.treeHead', 'must be an object');
  if (head) {
    need(Number.isSafeInteger(head.treeSize) && head.treeSize >= 0, '$.treeHead.treeSize', 'must be a whole number');
    need(HEX64.test(head.rootHash ?? ''), '$.treeHead.rootHash', 'must be 64 hex digits');
    need(typeof head.timestamp === 'string', '$.treeHead.timestamp', 'must be a string');
    need(HEX64.test(head.keyId ?? ''), '$.treeHead.keyId', 'must be 64 hex digits');
    need(typeof head.signature === 'string', '$.treeHead.signature', 'must be base64');
  }
  need(DECIMAL.test(bundle.revisions?.first ?? '') && DECIMAL.test(bundle.revisions?.last ?? ''), '$.revisions', 'must hold decimal strings first and last');
  need(Array.isArray(bundle.events) && bundle.events.length > 0, '$.events', 'must be a non-empty array');
  (Array.isArray(bundle.events) ? bundle.events : []).forEach((e, i) => {
    const at = `$.events[${i}]`;
    need(typeof e?.eventId === 'string' && typeof e?.streamId === 'string' && typeof e?.type === 'string', at, 'must have eventId, streamId and type strings');
    need(DECIMAL.test(e?.revision ?? ''), `${at}.revision`, `must be a decimal string (got ${JSON.stringify(e?.revision)})`);
    need(Number.isSafeInteger(e?.schemaVersion), `${at}.schemaVersion`, 'must be a whole number');
    need(typeof e?.data === 'object' && e?.data !== null, `${at}.data`, 'must be an object');
    need(HEX64.test(e?.integrity?.hash ?? '') && HEX64.test(e?.integrity?.prevHash ?? ''), `${at}.integrity`, 'must hold prevHash and hash of 64 hex digits');
    need(Number.isSafeInteger(e?.proof?.leafIndex) && Array.isArray(e?.proof?.auditPath) && e.proof.auditPath.every((p) => HEX64.test(p)), `${at}.proof`, 'must hold leafIndex and an auditPath of 64-hex-digit hashes');
  });
  return problems;
}

const at = (event, kind, message) => ({ kind, revision: event.revision, eventId: event.eventId, message });

async function checkTreeHead(bundle, publicKeyPem) {
  const head = bundle.treeHead;
  const failures = [];
  if (bundle.keyId !== head.keyId) failures.push({ kind: 'key', message: `the bundle names key ${bundle.keyId} but its tree head was signed by key ${head.keyId}` });
  let keyId;
  let key;
  try {
    keyId = await keyIdOf(publicKeyPem);
    key = await crypto.subtle.importKey('spki', pemToDer(publicKeyPem), { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    failures.push({ kind: 'key', message: `the public key cannot be used: ${error?.message ?? error}` });
    return { keyId: null, failures, signatureChecked: false };
  }
  if (head.keyId !== keyId) {
    failures.push({ kind: 'key', message: `the tree head of size ${head.treeSize} names signing key ${head.keyId}, not the ledger's key ${keyId}` });
    return { keyId, failures, signatureChecked: false };
  }
  const statement = canonicalize({ context: TREE_HEAD_CONTEXT, keyId, rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize });
  let valid = false;
  try {
    const signature = Uint8Array.from(atob(head.signature), (c) => c.charCodeAt(0));
    valid = head.algorithm === 'Ed25519' && (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, utf8(statement)));
  } catch {
    valid = false;
  }
  if (!valid) failures.push({ kind: 'signature', message: `the signature of the tree head of size ${head.treeSize} does not verify with key ${keyId}` });
  return { keyId, failures, signatureChecked: true };
}

function checkSequence(bundle, events, report) {
  const first = Number(bundle.revisions.first);
  const last = Number(bundle.revisions.last);
  const gap = (from, to) =>
    report(from, {
      kind: 'missing-event',
      revision: String(from),
      message: from === to ? `revision ${from} is missing from the bundle` : `revisions ${from}..${to} are missing from the bundle`,
    });
  let previous;
  let expected = first;
  for (const event of events) {
    const revision = Number(event.revision);
    if (event.streamId !== bundle.streamId) {
      report(revision, at(event, 'chain', `belongs to stream ${event.streamId}, not ${bundle.streamId}`));
      continue;
    }
    if (revision < first || revision > last) {
      report(revision, at(event, 'chain', `is outside the declared revisions ${first}..${last}`));
      continue;
    }
    if (previous && Number(previous.revision) === revision) {
      report(revision, at(event, 'chain', `revision ${revision} appears twice`));
      continue;
    }
    if (revision > expected) gap(expected, revision - 1);
    const prevHash = revision === 0 ? GENESIS_HASH : previous && Number(previous.revision) === revision - 1 ? previous.integrity.hash : undefined;
    if (prevHash !== undefined && event.integrity.prevHash !== prevHash) {
      report(revision, at(event, 'chain', `its prevHash is not the hash of ${revision === 0 ? 'the genesis' : `revision ${revision - 1}`}`));
    }
    previous = event;
    expected = revision + 1;
  }
  if (expected <= last) gap(expected, last);
}

/**
 * Verifies a parsed bundle with the ledger's tree-head public key (SPKI PEM). Resolves
 * `{ ok, streamId, keyId, treeHead, checked: { events, proofs }, checks, failures }`: `checks` says
 * per kind (signature, key, content, chain, proof) whether it held, `failures` name the revision and
 * event of each one that did not, tree-head failures first, then in revision order.
 */
export async function verifyBundle(bundle, publicKeyPem) {
  const problems = formatProblems(bundle);
  if (problems.length > 0) {
    return { ok: false, streamId: bundle?.streamId ?? null, keyId: null, treeHead: null, checked: { events: 0, proofs: 0 }, checks: { format: false }, failures: problems };
  }
  const head = await checkTreeHead(bundle, publicKeyPem);
  const events = [...bundle.events].sort((a, b) => Number(a.revision) - Number(b.revision));
  const found = [];
  const report = (revision, failure) => found.push({ revision, failure });
  const root = fromHex(bundle.treeHead.rootHash);
  for (const event of events) {
    const revision = Number(event.revision);
    let computed;
    try {
      computed = await eventHash(event);
    } catch (error) {
      computed = `cannot be hashed (${error?.message ?? error})`;
    }
    if (computed !== event.integrity.hash) report(revision, at(event, 'content', `the content does not match its hash ${event.integrity.hash} (recomputed ${computed})`));
    const { leafIndex, auditPath } = event.proof;
    const leaf = await sha256(concat(Uint8Array.of(0), fromHex(event.integrity.hash)));
    const included = await verifyInclusion(leaf, leafIndex, bundle.treeHead.treeSize, auditPath.map(fromHex), root);
    if (!included) report(revision, at(event, 'proof', `the inclusion proof of leaf ${leafIndex} does not lead to the signed root of tree size ${bundle.treeHead.treeSize}`));
  }
  checkSequence(bundle, events, report);
  found.sort((a, b) => a.revision - b.revision);
  const failures = [...head.failures, ...found.map((f) => f.failure)];
  const none = (...kinds) => !failures.some((f) => kinds.includes(f.kind));
  return {
    ok: failures.length === 0,
    streamId: bundle.streamId,
    keyId: head.keyId,
    treeHead: bundle.treeHead,
    checked: { events: events.length, proofs: events.length },
    checks: {
      format: true,
      key: none('key'),
      signature: head.signatureChecked && none('signature'),
      content: none('content'),
      chain: none('chain', 'missing-event'),
      proof: none('proof'),
    },
    failures,
  };
}
