import { randomUUID } from 'node:crypto';

/**
 * The storage of the EventStoreDB wire-level test double: one in-memory transaction log (`$all`)
 * and a revision index per stream, with the server's documented semantics:
 *
 * - Revisions are 0-based per stream. Expected revision: `any`, `no_stream` (the stream has no
 *   events), `stream_exists`, or the exact revision of the stream's last event. A write expecting
 *   a revision whose events are already there with the same event ids is idempotent (answered
 *   with success, nothing written), as the server does.
 * - `$all` positions are byte offsets of the records in the log, commit = prepare for writes
 *   (implicit transactions): the events of one write are adjacent but not numbered 1, 2, 3.
 *   Reading `$all` forwards from a position includes the event at it; backwards excludes it;
 *   a subscription from a position starts after it.
 * - Streams and event types starting with `$` are system ones; the log starts with a few, and
 *   with `statsEveryMs` it keeps writing `$statsCollected` events, as a server does.
 *
 * Not implemented: deleting and tombstoning streams, stream metadata ($maxCount, $tb, ACLs),
 * links and their resolution, projections, transactions, scavenging, more than one node.
 */
export interface WireRecord {
  readonly position: bigint;
  streamId: string;
  revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  readonly created: bigint;
  deleted: boolean;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type Expected = bigint | 'any' | 'no_stream' | 'stream_exists';

export type WriteOutcome =
  | { readonly ok: true; readonly currentRevision: bigint; readonly position: bigint }
  | { readonly ok: false; readonly currentRevision: bigint | 'no_stream' };

export class WireLog {
  /** Every record in log order; a deleted one stays as a hole so that readers' indexes hold. */
  readonly records: WireRecord[] = [];
  private readonly streams = new Map<string, WireRecord[]>();
  private nextPosition = 0n;
  private readonly listeners = new Set<() => void>();
  private statsTimer: NodeJS.Timeout | undefined;

  constructor(private readonly clock: () => number = Date.now) {
    this.write('$settings', [system('$settings')]);
    this.write('$users', [system('$UserCreated')]);
  }

  /** Writes a `$statsCollected` event every so often, interleaved with whatever clients write. */
  collectStats(everyMs: number): void {
    clearInterval(this.statsTimer);
    this.statsTimer = setInterval(() => this.write('$stats-127.0.0.1:2113', [system('$statsCollected')]), everyMs);
    this.statsTimer.unref();
  }

  stop(): void {
    clearInterval(this.statsTimer);
    this.listeners.clear();
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastRevision(streamId: string): bigint | undefined {
    const stream = this.streams.get(streamId);
    return stream && stream.length > 0 ? stream[stream.length - 1].revision : undefined;
  }

  append(streamId: string, expected: Expected, events: readonly ProposedEvent[]): WriteOutcome {
    const current = this.lastRevision(streamId);
    const repeated = this.idempotent(streamId, expected, events);
    if (repeated) return repeated;
    const accepted =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!accepted) return { ok: false, currentRevision: current ?? 'no_stream' };
    if (events.length === 0) return { ok: true, currentRevision: current ?? -1n, position: this.nextPosition };
    const written = this.write(streamId, events);
    return { ok: true, currentRevision: written[written.length - 1].revision, position: written[written.length - 1].position };
  }

  /** Forwards from a revision (inclusive) up, or backwards from it down; 'not-found' for no stream. */
  readStream(streamId: string, from: bigint | 'start' | 'end', backwards: boolean, count: bigint): WireRecord[] | 'not-found' {
    const stream = this.streams.get(streamId);
    if (!stream || stream.length === 0) return 'not-found';
    const selected = backwards
      ? stream.filter((r) => from === 'end' || (from !== 'start' && r.revision <= from)).reverse()
      : from === 'end'
        ? []
        : stream.filter((r) => from === 'start' || r.revision >= from);
    return selected.slice(0, clamp(count));
  }

  readAll(from: bigint | 'start' | 'end', backwards: boolean, count: bigint): WireRecord[] {
    const live = this.records.filter((r) => !r.deleted);
    const selected = backwards
      ? live.filter((r) => from === 'end' || (from !== 'start' && r.position < from)).reverse()
      : from === 'end'
        ? []
        : live.filter((r) => from === 'start' || r.position >= from);
    return selected.slice(0, clamp(count));
  }

  /** Index in `records` of the first record after a position (a subscription's start). */
  indexAfter(position: bigint): number {
    const index = this.records.findIndex((r) => r.position > position);
    return index === -1 ? this.records.length : index;
  }

  // What an operator with write access to the database files could do; the test suites use it
  // to play that operator.

  editData(streamId: string, revision: bigint, data: Uint8Array): void {
    this.find(streamId, revision).data = data;
  }

  deleteEvent(streamId: string, revision: bigint): void {
    const record = this.find(streamId, revision);
    record.deleted = true;
    const stream = this.streams.get(streamId) ?? [];
    stream.splice(stream.indexOf(record), 1);
  }

  swapRevisions(streamId: string, a: bigint, b: bigint): void {
    const first = this.find(streamId, a);
    const second = this.find(streamId, b);
    first.revision = b;
    second.revision = a;
    this.streams.get(streamId)?.sort((x, y) => (x.revision < y.revision ? -1 : x.revision > y.revision ? 1 : 0));
  }

  private find(streamId: string, revision: bigint): WireRecord {
    const record = this.streams.get(streamId)?.find((r) => r.revision === revision);
    if (!record) throw new Error(`no event ${streamId}@${revision}`);
    return record;
  }

  /**
   * The server answers a repeated write (same ids at the expected place) with success: events
   * at revisions expected+1.. with exactly these ids, or for `any` a run anywhere in the stream.
   */
  private idempotent(streamId: string, expected: Expected, events: readonly ProposedEvent[]): WriteOutcome | undefined {
    const stream = this.streams.get(streamId);
    if (!stream || events.length === 0 || expected === 'stream_exists') return undefined;
    const start =
      expected === 'any'
        ? stream.findIndex((r) => r.id === events[0].id)
        : stream.findIndex((r) => r.revision === (expected === 'no_stream' ? 0n : expected + 1n));
    if (start < 0 || start + events.length > stream.length) return undefined;
    const run = stream.slice(start, start + events.length);
    if (!run.every((r, i) => r.id === events[i].id)) return undefined;
    const last = run[run.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  private write(streamId: string, events: readonly ProposedEvent[]): WireRecord[] {
    let stream = this.streams.get(streamId);
    if (!stream) this.streams.set(streamId, (stream = []));
    let revision = stream.length > 0 ? stream[stream.length - 1].revision + 1n : 0n;
    const created = BigInt(this.clock()) * 10_000n;
    const written = events.map((event) => {
      const record: WireRecord = { ...event, position: this.nextPosition, streamId, revision: revision++, created, deleted: false };
      // The size of the record on disk, roughly: header, names, payloads.
      this.nextPosition += 80n + BigInt(Buffer.byteLength(streamId) + Buffer.byteLength(event.type) + event.data.length + event.metadata.length);
      return record;
    });
    this.records.push(...written);
    stream.push(...written);
    for (const listener of [...this.listeners]) listener();
    return written;
  }
}

function system(type: string): ProposedEvent {
  return { id: randomUUID(), type, contentType: 'application/json', data: new TextEncoder().encode('{}'), metadata: new Uint8Array() };
}

function clamp(count: bigint): number {
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}
