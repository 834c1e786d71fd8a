import canonicalize from 'canonicalize';
import { hash as sha } from 'node:crypto';
import type { EventMetadata, NewEvent, StreamRevision } from './envelope';
import { InvalidEventError } from './errors';

/** prevHash of revision 0: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

export const DEFAULT_SCHEMA_VERSION = 1;

/** The fields the hash covers: the envelope without globalPosition, recordedAt and the hash. */
export interface HashedFields {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event. The revision is written as a JSON number
 * (I-JSON, and so JCS, has no integers beyond 2^53), which no stream will ever reach.
 */
export function hashEvent(fields: HashedFields): string {
  return hashCanonicalParts(
    fields,
    toCanonicalJson(fields.data, 'data'),
    toCanonicalJson(fields.metadata, 'metadata'),
  );
}

/**
 * The canonical document written out with its members in JCS order (UTF-16 order of the keys:
 * data, eventId, integrity, metadata, revision, schemaVersion, streamId, type), so data and
 * metadata are canonicalised once and reused for storage. Strings and numbers are serialised as
 * JSON.stringify does, which is what RFC 8785 prescribes.
 */
function hashCanonicalParts(
  fields: Omit<HashedFields, 'data' | 'metadata'>,
  dataJson: string,
  metadataJson: string,
): string {
  if (fields.revision > MAX_HASHABLE_REVISION || fields.revision < 0n) {
    throw new InvalidEventError('revision', 'outside 0..2^53, cannot be canonicalised');
  }
  const canonical =
    `{"data":${dataJson},"eventId":${JSON.stringify(fields.eventId)}` +
    `,"integrity":{"prevHash":${JSON.stringify(fields.prevHash)}}` +
    `,"metadata":${metadataJson},"revision":${fields.revision.toString()}` +
    `,"schemaVersion":${JSON.stringify(fields.schemaVersion)}` +
    `,"streamId":${JSON.stringify(fields.streamId)},"type":${JSON.stringify(fields.type)}}`;
  // The one-shot hash: no Hash object per event.
  return sha('sha256', canonical, 'hex');
}

const MAX_HASHABLE_REVISION = BigInt(Number.MAX_SAFE_INTEGER);

/** The canonical text that hashEvent hashes, for tests and offline verifiers. */
export function canonicalEventJson(fields: HashedFields): string {
  return canonicalize({
    eventId: fields.eventId,
    streamId: fields.streamId,
    revision: Number(fields.revision),
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
    integrity: { prevHash: fields.prevHash },
  }) as string;
}

export interface SealedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly revision: StreamRevision;
  /** Canonical JSON text of data and metadata, as stored. */
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Gives each new event its revision and links it into the stream's chain. Data and metadata are
 * stored as their canonical JSON, so what is read back is byte-for-byte what was hashed.
 */
export function sealEvents(
  streamId: string,
  firstRevision: StreamRevision,
  prevHash: string,
  events: readonly NewEvent[],
): SealedEvent[] {
  const sealed: SealedEvent[] = [];
  let previous = prevHash;
  // The events of one command usually share one metadata object: canonicalise it once.
  let lastMetadata: unknown;
  let lastMetadataJson = '';
  events.forEach((event, index) => {
    const schemaVersion = event.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
    const revision = firstRevision + BigInt(index);
    const dataJson = toCanonicalJson(event.data, `events[${index}].data`);
    const metadataJson =
      index > 0 && event.metadata === lastMetadata
        ? lastMetadataJson
        : toCanonicalJson(event.metadata, `events[${index}].metadata`);
    lastMetadata = event.metadata;
    lastMetadataJson = metadataJson;
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) {
      throw new InvalidEventError(`events[${index}].eventId`, 'must be a non-empty string');
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidEventError(`events[${index}].type`, 'must be a non-empty string');
    }
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidEventError(`events[${index}].schemaVersion`, 'must be a positive integer');
    }
    const hash = hashCanonicalParts(
      { eventId: event.eventId, streamId, revision, type: event.type, schemaVersion, prevHash: previous },
      dataJson,
      metadataJson,
    );
    sealed.push({
      eventId: event.eventId,
      type: event.type,
      schemaVersion,
      revision,
      dataJson,
      metadataJson,
      prevHash: previous,
      hash,
    });
    previous = hash;
  });
  return sealed;
}

function toCanonicalJson(value: unknown, field: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidEventError(field, 'must be a JSON object');
  }
  try {
    return canonicalize(value) as string;
  } catch (error) {
    throw new InvalidEventError(field, `not representable as JSON (${(error as Error).message})`);
  }
}
