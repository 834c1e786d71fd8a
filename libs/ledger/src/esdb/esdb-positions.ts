import type { RecordedEvent } from '../envelope';
import type { DecodedEvent } from './esdb-records';

/** Looks up the `$all` position and append index of one event of a stream. */
export type PositionLookup = (streamId: string, revision: bigint) => Promise<{ position: bigint; index: number } | undefined>;

const CACHE_SIZE = 4096;

/**
 * Global positions on EventStoreDB. The server's `$all` position of an event is a byte offset in
 * its log, so the events of one append are not numbered consecutively, which the port promises.
 * An event's global position is therefore the position of the first event of its append plus
 * its index in the append: every record is longer than one byte, so these numbers stay unique and
 * in log order, and an append of n events gets p, p+1, ..., p+n-1.
 *
 * The first event of an append is usually in the same batch (the events of one append are
 * adjacent in `$all` and in their stream); when a page or a range starts inside an append, its
 * position is read once from the stream and kept in a small cache.
 */
export class GlobalPositions {
  private readonly firsts = new Map<string, bigint>();

  constructor(private readonly lookup: PositionLookup) {}

  async resolve(batch: readonly DecodedEvent[]): Promise<RecordedEvent[]> {
    for (const decoded of batch) {
      if (decoded.index === 0) this.remember(decoded.event.streamId, decoded.event.revision, decoded.position.commit);
    }
    const missing = new Map<string, { streamId: string; revision: bigint }>();
    for (const decoded of batch) {
      if (decoded.index === 0) continue;
      const first = firstOf(decoded);
      if (first.revision >= 0n && !this.firsts.has(key(first.streamId, first.revision))) {
        missing.set(key(first.streamId, first.revision), first);
      }
    }
    await Promise.all(
      [...missing.values()].map(async ({ streamId, revision }) => {
        const found = await this.lookup(streamId, revision);
        // Only a first event counts; after tampering the revision may hold something else.
        if (found && found.index === 0) this.remember(streamId, revision, found.position);
      }),
    );
    return batch.map((decoded) => ({ ...decoded.event, globalPosition: this.globalPosition(decoded) }));
  }

  private globalPosition(decoded: DecodedEvent): bigint {
    const own = decoded.position.commit;
    if (decoded.index === 0) return own;
    const first = firstOf(decoded);
    const start = this.firsts.get(key(first.streamId, first.revision));
    // A first event that is missing or not before this one means a rewritten stream: the
    // event's own position is still unique, and the verifier reports the damage.
    return start !== undefined && start < own ? start + BigInt(decoded.index) : own;
  }

  private remember(streamId: string, revision: bigint, position: bigint): void {
    const k = key(streamId, revision);
    this.firsts.delete(k);
    this.firsts.set(k, position);
    if (this.firsts.size > CACHE_SIZE) this.firsts.delete(this.firsts.keys().next().value as string);
  }
}

function firstOf(decoded: DecodedEvent): { streamId: string; revision: bigint } {
  return { streamId: decoded.event.streamId, revision: decoded.event.revision - BigInt(decoded.index) };
}

function key(streamId: string, revision: bigint): string {
  return `${revision}\u0000${streamId}`;
}
