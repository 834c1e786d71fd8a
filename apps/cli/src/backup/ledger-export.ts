import {
  type EventStore,
  GENESIS_HASH,
  hashEvent,
  LOG_START,
  type NewEvent,
  type RecordedEvent,
  type EventMetadata,
} from '@app/ledger';
import { eventLeafHash, MerkleFrontier } from '@app/integrity/merkle/merkle-tree';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * The backup format: NDJSON. The first line is a header, then one line per event in global order
 * with its hashes, then a trailer with the count and the hash of the last event, so a file cut
 * short is told apart from a complete one.
 */
export const EXPORT_FORMAT = 'assistance-ledger/export/v1';

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly exportedAt: string;
  /** The store it came from, in words (passwords hidden). */
  readonly source: string;
  /** Events in the file: the log up to the head when the export started. */
  readonly events: number;
  /**
   * The latest signed tree head of the Merkle log over the exported events, when there is one: an
   * import recomputes the root of its size from the file and refuses a file that does not match.
   */
  readonly treeHead?: SignedTreeHead;
}

export interface ExportedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** Decimal strings: 64-bit numbers do not survive JSON numbers. */
  readonly revision: string;
  readonly globalPosition: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly integrity: { readonly prevHash: string; readonly hash: string };
}

export interface ExportTrailer {
  readonly end: true;
  readonly events: number;
  /** Hash of the last event exported; empty for an empty log. */
  readonly lastHash: string;
}

export type Progress = (done: number, total: number) => void;

/**
 * Writes the log as it stands when the export starts (events appended meanwhile are left for the
 * next export) to `file`. Resolves to the number of events written.
 */
export async function exportLedger(
  store: EventStore,
  file: string,
  source: string,
  onProgress: Progress = () => undefined,
  treeHead?: SignedTreeHead,
): Promise<number> {
  const head = await store.head();
  const total = Number(head.eventCount);
  const out = createWriteStream(file, { encoding: 'utf8', flags: 'wx' });
  // An existing file is an error here ('wx'), before anything is read.
  await once(out, 'open');
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    source,
    events: total,
    ...(treeHead && treeHead.treeSize <= total ? { treeHead } : {}),
  };
  let written = 0;
  let lastHash = '';
  try {
    await write(JSON.stringify(header));
    for (let from = LOG_START; written < total; ) {
      const page = await store.readAll({ from, maxCount: Math.min(1_000, total - written) });
      for (const event of page.events) {
        await write(JSON.stringify(toExported(event)));
        lastHash = event.integrity.hash;
        written += 1;
      }
      onProgress(written, total);
      from = page.next;
      if (page.events.length === 0) throw new Error(`the log ended after ${written} of ${total} events`);
    }
    const trailer: ExportTrailer = { end: true, events: written, lastHash };
    await write(JSON.stringify(trailer));
  } finally {
    out.end();
    await once(out, 'close');
  }
  return written;
}

function toExported(event: RecordedEvent): ExportedEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    globalPosition: event.globalPosition.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    integrity: { prevHash: event.integrity.prevHash, hash: event.integrity.hash },
  };
}

/** Why a backup file is refused: the line and what is wrong with it. */
export class ExportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExportFileError';
  }
}

/** One parsed event of a file that has been checked whole, with the line it was on. */
interface CheckedEvent {
  readonly line: number;
  readonly event: ExportedEvent;
}

/**
 * Reads a backup file and checks all of it before anything is written: the header, every event's
 * hash recomputed from its content, every stream's chain from the genesis hash with no gap, the
 * trailer's count and last hash. Throws ExportFileError naming the first line that is wrong.
 */
export async function* readCheckedExport(file: string): AsyncGenerator<CheckedEvent, ExportHeader> {
  // First pass: check. Second pass: yield. A file is never half-imported because of a bad line.
  const header = await checkExport(file);
  let lineNo = 0;
  for await (const line of lines(file)) {
    lineNo += 1;
    if (lineNo === 1 || line.trim() === '') continue;
    const value = JSON.parse(line) as ExportedEvent | ExportTrailer;
    if ('end' in value) break;
    yield { line: lineNo, event: value };
  }
  return header;
}

export async function checkExport(file: string): Promise<ExportHeader> {
  let lineNo = 0;
  let header: ExportHeader | undefined;
  let trailer: ExportTrailer | undefined;
  let count = 0;
  let lastHash = '';
  let lastPosition: bigint | undefined;
  const heads = new Map<string, { revision: bigint; hash: string }>();
  const tree = new MerkleFrontier();
  for await (const line of lines(file)) {
    lineNo += 1;
    if (line.trim() === '') continue;
    if (trailer) throw new ExportFileError(lineNo, 'text after the end of the export');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ExportFileError(lineNo, 'not JSON');
    }
    if (!header) {
      header = asHeader(value, lineNo);
      continue;
    }
    if (isObject(value) && value.end === true) {
      trailer = value as unknown as ExportTrailer;
      continue;
    }
    const event = asEvent(value, lineNo);
    const position = BigInt(event.globalPosition);
    if (lastPosition !== undefined && position <= lastPosition) {
      throw new ExportFileError(lineNo, `global position ${position} is not after ${lastPosition}: the events are out of log order`);
    }
    lastPosition = position;
    const revision = BigInt(event.revision);
    const previous = heads.get(event.streamId);
    const expectedRevision = previous === undefined ? 0n : previous.revision + 1n;
    if (revision !== expectedRevision) {
      throw new ExportFileError(lineNo, `stream ${event.streamId} jumps to revision ${revision} where ${expectedRevision} was due`);
    }
    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    if (event.integrity.prevHash !== expectedPrev) {
      throw new ExportFileError(lineNo, `stream ${event.streamId} revision ${revision}: prevHash does not link to the previous event`);
    }
    const recomputed = hashEvent({ ...event, revision, prevHash: event.integrity.prevHash });
    if (recomputed !== event.integrity.hash) {
      throw new ExportFileError(lineNo, `stream ${event.streamId} revision ${revision} (event ${event.eventId}): its content does not hash to its recorded hash`);
    }
    heads.set(event.streamId, { revision, hash: event.integrity.hash });
    lastHash = event.integrity.hash;
    count += 1;
    if (header.treeHead && tree.size < header.treeHead.treeSize) {
      tree.append(eventLeafHash(event.integrity.hash));
      if (tree.size === header.treeHead.treeSize && tree.root().toString('hex') !== header.treeHead.rootHash) {
        throw new ExportFileError(lineNo, `the first ${tree.size} events do not hash to the root of the signed tree head the export carries`);
      }
    }
  }
  if (!header) throw new ExportFileError(1, 'empty file: no export header');
  if (!trailer) throw new ExportFileError(lineNo, `the file ends without its trailer after ${count} events: cut short`);
  if (trailer.events !== count || header.events !== count) {
    throw new ExportFileError(lineNo, `the file holds ${count} events; header and trailer say ${header.events} and ${trailer.events}`);
  }
  if (trailer.lastHash !== lastHash) throw new ExportFileError(lineNo, 'the trailer names another last event hash');
  return header;
}

/** The event as the store's append takes it; the store recomputes the same hash from it. */
export function toNewEvent(event: ExportedEvent): NewEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data as never,
    metadata: event.metadata,
  };
}

function lines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

function asHeader(value: unknown, line: number): ExportHeader {
  if (!isObject(value) || value.format !== EXPORT_FORMAT) {
    throw new ExportFileError(line, `not a ledger export: the first line must be a header with format ${EXPORT_FORMAT}`);
  }
  if (!Number.isSafeInteger(value.events) || (value.events as number) < 0) throw new ExportFileError(line, 'header.events must be a whole number');
  return value as unknown as ExportHeader;
}

function asEvent(value: unknown, line: number): ExportedEvent {
  if (!isObject(value)) throw new ExportFileError(line, 'an event must be a JSON object');
  for (const field of ['eventId', 'streamId', 'type', 'recordedAt'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new ExportFileError(line, `${field} must be a non-empty string`);
  }
  for (const field of ['revision', 'globalPosition'] as const) {
    if (typeof value[field] !== 'string' || !/^\d+$/.test(value[field])) throw new ExportFileError(line, `${field} must be a decimal string`);
  }
  if (!Number.isSafeInteger(value.schemaVersion)) throw new ExportFileError(line, 'schemaVersion must be a whole number');
  if (!isObject(value.metadata)) throw new ExportFileError(line, 'metadata must be an object');
  const integrity = value.integrity;
  if (!isObject(integrity) || typeof integrity.hash !== 'string' || typeof integrity.prevHash !== 'string') {
    throw new ExportFileError(line, 'integrity must hold prevHash and hash');
  }
  return value as unknown as ExportedEvent;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ImportReport {
  readonly events: number;
  readonly appends: number;
  readonly streams: number;
}

/**
 * Rebuilds an empty store from a checked backup file, appending in the file's order so that global
 * order, and with it the Merkle tree over the log, is the same. The events of one command in one
 * stream go in one append under that command id, so idempotency survives the move. Afterwards the
 * log is read back and every hash compared with the file's.
 */
export async function importLedger(store: EventStore, file: string, onProgress: Progress = () => undefined): Promise<ImportReport> {
  const header = await checkExport(file);
  const head = await store.head();
  if (head.eventCount !== 0n) throw new Error(`the target store already holds ${head.eventCount} events: import only into an empty store`);

  const usedCommands = new Set<string>();
  const streams = new Set<string>();
  let group: ExportedEvent[] = [];
  let events = 0;
  let appends = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const first = group[0]!;
    const revision = BigInt(first.revision);
    const commandId = first.metadata.commandId;
    const fresh = typeof commandId === 'string' && commandId !== '' && !usedCommands.has(commandId);
    if (fresh) usedCommands.add(commandId);
    const result = await store.append(first.streamId, group.map(toNewEvent), {
      expectedRevision: revision === 0n ? 'no-stream' : revision - 1n,
      ...(fresh ? { commandId } : {}),
    });
    if (result.replayed) throw new Error(`stream ${first.streamId} revision ${revision}: the target store took command ${commandId} as a retry`);
    streams.add(first.streamId);
    events += group.length;
    appends += 1;
    onProgress(events, header.events);
    group = [];
  };
  const checked = readCheckedExport(file);
  for (let next = await checked.next(); !next.done; next = await checked.next()) {
    const { event } = next.value;
    const last = group.at(-1);
    if (last && (last.streamId !== event.streamId || last.metadata.commandId !== event.metadata.commandId)) await flush();
    group.push(event);
  }
  await flush();
  await compareWithFile(store, file);
  return { events, appends, streams: streams.size };
}

/** The imported log, read back in order, has the file's hashes in the file's order. */
async function compareWithFile(store: EventStore, file: string): Promise<void> {
  const checked = readCheckedExport(file);
  let from = LOG_START;
  let page: RecordedEvent[] = [];
  let index = 0;
  for (let next = await checked.next(); !next.done; next = await checked.next()) {
    if (index === page.length) {
      const read = await store.readAll({ from, maxCount: 1_000 });
      page = [...read.events];
      from = read.next;
      index = 0;
    }
    const stored = page[index++];
    const { line, event } = next.value;
    if (!stored || stored.integrity.hash !== event.integrity.hash) {
      throw new ExportFileError(line, `after the import the log holds ${stored ? `event ${stored.eventId}` : 'nothing'} where event ${event.eventId} was written`);
    }
  }
}
