import { EVIDENCE_BUNDLE_FORMAT, type EvidenceBundle, isPlainObject } from './evidence-bundle';

/** What is wrong with a bundle's shape, and where: a JSONPath such as `$.events[3].integrity.hash`. */
export interface BundleFormatProblem {
  readonly path: string;
  readonly message: string;
}

export type ParsedBundle =
  | { readonly ok: true; readonly bundle: EvidenceBundle }
  | { readonly ok: false; readonly problems: readonly BundleFormatProblem[] };

const HEX_64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The hash canonicalises the revision as a JSON number (see hashEvent). */
const MAX_REVISION = BigInt(Number.MAX_SAFE_INTEGER);
/** A path longer than this would need a tree of more than 2^64 leaves. */
const MAX_AUDIT_PATH = 64;

const BUNDLE_KEYS = ['format', 'streamId', 'generatedAt', 'keyId', 'treeHead', 'revisions', 'eventCount', 'events'];
const TREE_HEAD_KEYS = ['treeSize', 'rootHash', 'timestamp', 'algorithm', 'keyId', 'signature'];
const EVENT_KEYS = [
  'eventId', 'streamId', 'revision', 'globalPosition', 'type', 'schemaVersion',
  'data', 'metadata', 'recordedAt', 'integrity', 'proof',
];

/**
 * Checks that a parsed JSON value has the shape of an evidence bundle and names every member that
 * does not. Members the format does not define are refused too: whatever a bundle holds is either
 * verified or informative by design, never an unchecked addition a reader might trust.
 */
export function parseBundle(json: unknown): ParsedBundle {
  const check = new ShapeCheck();
  const root = check.object(json, '$', BUNDLE_KEYS);
  if (!root) return { ok: false, problems: check.problems };
  if (root.format !== EVIDENCE_BUNDLE_FORMAT) {
    check.invalid('$.format', root.format, JSON.stringify(EVIDENCE_BUNDLE_FORMAT));
    // Another format's members mean something else: nothing more can be said about them.
    return { ok: false, problems: check.problems };
  }
  check.text(root.streamId, '$.streamId');
  check.instant(root.generatedAt, '$.generatedAt');
  check.hex(root.keyId, '$.keyId');
  const head = check.object(root.treeHead, '$.treeHead', TREE_HEAD_KEYS);
  if (head) {
    check.count(head.treeSize, '$.treeHead.treeSize');
    check.hex(head.rootHash, '$.treeHead.rootHash');
    check.instant(head.timestamp, '$.treeHead.timestamp');
    check.text(head.algorithm, '$.treeHead.algorithm');
    check.hex(head.keyId, '$.treeHead.keyId');
    check.match(head.signature, '$.treeHead.signature', BASE64, 'base64');
  }
  const revisions = check.object(root.revisions, '$.revisions', ['first', 'last']);
  const first = revisions && check.revision(revisions.first, '$.revisions.first');
  const last = revisions && check.revision(revisions.last, '$.revisions.last');
  const declared = first !== undefined && last !== undefined ? rangeOf(check, first, last) : undefined;
  if (check.count(root.eventCount, '$.eventCount') && declared !== undefined && BigInt(root.eventCount as number) !== declared) {
    check.fail('$.eventCount', `must be last − first + 1 = ${declared} for revisions ${first}..${last} (got ${root.eventCount})`);
  }
  if (!Array.isArray(root.events)) check.invalid('$.events', root.events, 'an array');
  else if (root.events.length === 0) check.fail('$.events', 'must hold at least one event');
  else root.events.forEach((event, i) => checkEvent(check, event, `$.events[${i}]`));
  return check.problems.length === 0 ? { ok: true, bundle: root as unknown as EvidenceBundle } : { ok: false, problems: check.problems };
}

function rangeOf(check: ShapeCheck, first: bigint, last: bigint): bigint | undefined {
  if (first <= last) return last - first + 1n;
  check.fail('$.revisions', `first (${first}) is after last (${last})`);
  return undefined;
}

function checkEvent(check: ShapeCheck, value: unknown, path: string): void {
  const event = check.object(value, path, EVENT_KEYS);
  if (!event) return;
  check.text(event.eventId, `${path}.eventId`);
  check.text(event.streamId, `${path}.streamId`);
  check.revision(event.revision, `${path}.revision`);
  check.match(event.globalPosition, `${path}.globalPosition`, DECIMAL, 'a decimal string');
  check.text(event.type, `${path}.type`);
  if (!Number.isSafeInteger(event.schemaVersion) || (event.schemaVersion as number) < 1) {
    check.invalid(`${path}.schemaVersion`, event.schemaVersion, 'a whole number ≥ 1');
  }
  // The hash covers data and metadata whole; their inner shape is each event type's business.
  check.object(event.data, `${path}.data`);
  check.object(event.metadata, `${path}.metadata`);
  check.instant(event.recordedAt, `${path}.recordedAt`);
  const integrity = check.object(event.integrity, `${path}.integrity`, ['prevHash', 'hash']);
  if (integrity) {
    check.hex(integrity.prevHash, `${path}.integrity.prevHash`);
    check.hex(integrity.hash, `${path}.integrity.hash`);
  }
  const proof = check.object(event.proof, `${path}.proof`, ['leafIndex', 'auditPath']);
  if (proof) {
    check.count(proof.leafIndex, `${path}.proof.leafIndex`);
    if (!Array.isArray(proof.auditPath)) check.invalid(`${path}.proof.auditPath`, proof.auditPath, 'an array');
    else if (proof.auditPath.length > MAX_AUDIT_PATH) check.fail(`${path}.proof.auditPath`, `holds ${proof.auditPath.length} hashes, at most ${MAX_AUDIT_PATH} can be needed`);
    else proof.auditPath.forEach((node, j) => check.hex(node, `${path}.proof.auditPath[${j}]`));
  }
}

/** Collects problems; each check returns the value when it holds. */
class ShapeCheck {
  readonly problems: BundleFormatProblem[] = [];

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  invalid(path: string, value: unknown, expected: string): void {
    this.fail(path, value === undefined ? 'is missing' : `must be ${expected} (got ${describe(value)})`);
  }

  object(value: unknown, path: string, keys?: readonly string[]): Record<string, unknown> | undefined {
    if (!isPlainObject(value)) {
      this.invalid(path, value, 'a JSON object');
      return undefined;
    }
    // Missing members are reported by the check of each member.
    if (keys) for (const key of Object.keys(value)) if (!keys.includes(key)) this.fail(`${path}.${key}`, 'is not a member of the format');
    return value;
  }

  text(value: unknown, path: string): value is string {
    if (typeof value === 'string' && value.length > 0) return true;
    this.invalid(path, value, 'a non-empty string');
    return false;
  }

  match(value: unknown, path: string, pattern: RegExp, what: string): value is string {
    if (typeof value === 'string' && pattern.test(value)) return true;
    this.invalid(path, value, what);
    return false;
  }

  hex(value: unknown, path: string): value is string {
    return this.match(value, path, HEX_64, '64 lower-case hex digits');
  }

  instant(value: unknown, path: string): value is string {
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return true;
    this.invalid(path, value, 'an ISO 8601 instant');
    return false;
  }

  count(value: unknown, path: string): value is number {
    if (Number.isSafeInteger(value) && (value as number) >= 0) return true;
    this.invalid(path, value, 'a whole number ≥ 0');
    return false;
  }

  revision(value: unknown, path: string): bigint | undefined {
    if (!this.match(value, path, DECIMAL, 'a decimal string')) return undefined;
    const revision = BigInt(value);
    if (revision <= MAX_REVISION) return revision;
    this.fail(path, `must be at most ${MAX_REVISION} (got ${value})`);
    return undefined;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
