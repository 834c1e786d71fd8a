import type { EventData, Position, ResolvedEvent } from '@eventstore/db-client';
import { hash as sha } from 'node:crypto';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint';
import type { Checkpoint, EventMetadata, RecordedEvent } from '../envelope';
import { LOG_START } from '../envelope';
import type { SealedEvent } from '../hash-chain';
import type { EsdbNaming } from './esdb-naming';

/**
 * How a ledger event is kept in EventStoreDB. The data is the event's canonical JSON (content
 * type application/json, so the server's projections and UI can read it). The event's own
 * metadata field holds, under `ledger`, what the envelope adds: the ledger metadata, schema
 * version, the hash chain link, the event's place in its append (index, count) and the command
 * id. The server assigns revision, `$all` position and the recording time.
 */
interface LedgerFields {
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
  readonly prevHash: string;
  readonly hash: string;
  /** 0-based place in the append and the append's size: the append is one run of revisions. */
  readonly index: number;
  readonly count: number;
  readonly commandId?: string;
  /** Only for ledger event ids that are not a lower-case UUID (the server's ids are UUIDs). */
  readonly eventId?: string;
}

/** An event of `$all` or of a stream, decoded, before its global position is worked out. */
export interface DecodedEvent {
  readonly event: Omit<RecordedEvent, 'globalPosition'>;
  /** The event's own `$all` position (commit = prepare for the appends the ledger makes). */
  readonly position: Position;
  readonly index: number;
  readonly count: number;
  readonly commandId: string | undefined;
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const encoder = new TextEncoder();

/** The server's copy of a sealed event. */
export function toEventData(sealed: SealedEvent, index: number, count: number, commandId?: string): EventData {
  const ownId = CANONICAL_UUID.test(sealed.eventId);
  // Written out by hand so that the ledger metadata stays the canonical text that was hashed.
  const ledger =
    `{"count":${count},"hash":${JSON.stringify(sealed.hash)},"index":${index},"metadata":${sealed.metadataJson}` +
    `,"prevHash":${JSON.stringify(sealed.prevHash)},"schemaVersion":${sealed.schemaVersion}` +
    (commandId === undefined ? '' : `,"commandId":${JSON.stringify(commandId)}`) +
    (ownId ? '' : `,"eventId":${JSON.stringify(sealed.eventId)}`) +
    '}';
  return {
    id: ownId ? sealed.eventId : nameBasedUuid(sealed.eventId),
    contentType: 'application/json',
    type: sealed.type,
    // The client serialises data with JSON.stringify, which gives back the canonical text.
    data: JSON.parse(sealed.dataJson),
    metadata: encoder.encode(`{"ledger":${ledger}}`),
  } as EventData;
}

/** A UUID derived from a ledger event id that is not one, so that a retry carries the same id. */
function nameBasedUuid(name: string): string {
  const h = sha('sha256', `ledger-event-id:${name}`, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}


const NO_POSITION = 2n ** 64n - 1n;

/**
 * The ledger's view of a server event, or undefined when it is not one. An event some other
 * writer put into a ledger stream keeps an empty hash, so that the verifier names it.
 */
export function decodeEvent(resolved: ResolvedEvent, naming: EsdbNaming): DecodedEvent | undefined {
  const recorded = resolved.event;
  // Server events (`$`-prefixed stream or type), the ledger's bookkeeping, other namespaces.
  const streamId = recorded && !recorded.type.startsWith('$') ? naming.ledgerStream(recorded.streamId) : undefined;
  if (!recorded || streamId === undefined) return undefined;
  const position = recorded.position;
  if (!position || position.commit === NO_POSITION) {
    throw new Error(
      `the server gave no $all position for ${recorded.streamId}@${recorded.revision}: ` +
        'the ledger needs a server that reports positions on stream reads (KurrentDB / EventStoreDB 22.10 or later)',
    );
  }
  const ledger = ledgerFields(recorded.metadata);
  const data = recorded.data;
  return {
    event: {
      eventId: ledger?.eventId ?? recorded.id,
      streamId,
      revision: recorded.revision,
      checkpoint: encodeCheckpoint(position.commit, position.prepare),
      type: recorded.type,
      schemaVersion: ledger?.schemaVersion ?? 1,
      data: data !== null && typeof data === 'object' && !(data instanceof Uint8Array) ? data : { foreignData: String(data) },
      metadata: ledger?.metadata ?? ({} as EventMetadata),
      recordedAt: recorded.created.toISOString(),
      integrity: { prevHash: ledger?.prevHash ?? '', hash: ledger?.hash ?? '' },
    },
    position,
    index: ledger?.index ?? 0,
    count: ledger?.count ?? 1,
    commandId: ledger?.commandId,
  };
}

function ledgerFields(metadata: unknown): LedgerFields | undefined {
  const ledger = (metadata as { ledger?: unknown } | undefined)?.ledger;
  if (ledger === null || typeof ledger !== 'object') return undefined;
  const fields = ledger as Partial<LedgerFields>;
  const valid =
    typeof fields.hash === 'string' &&
    typeof fields.prevHash === 'string' &&
    Number.isSafeInteger(fields.index) &&
    Number.isSafeInteger(fields.count) &&
    Number.isSafeInteger(fields.schemaVersion);
  return valid ? (fields as LedgerFields) : undefined;
}

/** Checkpoints are the `$all` position (commit:prepare), each part zero-padded to 20 digits. */
export function toCheckpoint(position: Position): Checkpoint {
  return encodeCheckpoint(position.commit, position.prepare);
}

export function fromCheckpoint(checkpoint: Checkpoint): Position | 'start' {
  if (checkpoint === LOG_START) return 'start';
  const [commit, prepare] = decodeCheckpoint(checkpoint, 2);
  return { commit, prepare };
}
