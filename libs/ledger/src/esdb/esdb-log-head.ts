import { randomUUID } from 'node:crypto';
import type { EventData } from '@eventstore/db-client';
import { LOG_START } from '../envelope';
import type { LogHead, ReadAllOptions, ReadAllPage } from '../event-store.port';
import type { EsdbConnection } from './esdb-connection';
import type { EsdbNaming } from './esdb-naming';

const COUNTED = '$ledger-counted';

/**
 * The head of the log. The server keeps no count of the events in a set of streams, so the
 * ledger counts them by reading `$all`: once per process from the latest snapshot in
 * `$ledger-count` (any process may write one after counting far enough), then only what was
 * appended since the last call. `$all` is append-only, so a count once made stays true.
 */
export class EsdbLogHead {
  private head: LogHead | undefined;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: EsdbConnection,
    private readonly naming: EsdbNaming,
    private readonly readAll: (options: ReadAllOptions) => Promise<ReadAllPage>,
    /** A snapshot is written once a count has read this many events since the last one. */
    private readonly snapshotEvery: number,
  ) {}

  read(): Promise<LogHead> {
    const turn = this.turn.then(() => this.count());
    this.turn = turn.catch(() => undefined);
    return turn;
  }

  private async count(): Promise<LogHead> {
    let head = this.head ?? (await this.snapshot());
    let counted = 0;
    for (;;) {
      const page = await this.readAll({ from: head.checkpoint, maxCount: 1000 });
      const last = page.events[page.events.length - 1];
      if (last) {
        counted += page.events.length;
        head = { eventCount: head.eventCount + BigInt(page.events.length), lastPosition: last.globalPosition, checkpoint: last.checkpoint };
      }
      if (page.isEnd) break;
    }
    this.head = head;
    if (counted >= this.snapshotEvery) await this.save(head);
    return head;
  }

  private async snapshot(): Promise<LogHead> {
    const read = await this.connection.readStream(this.naming.count, { fromRevision: 'end', direction: 'backwards', maxCount: 1 });
    const data = (read === 'not-found' ? undefined : read[0]?.event?.data) as
      | { eventCount?: string; lastPosition?: string | null; checkpoint?: string }
      | undefined;
    if (!data?.eventCount || data.checkpoint === undefined) return { eventCount: 0n, lastPosition: null, checkpoint: LOG_START };
    return {
      eventCount: BigInt(data.eventCount),
      lastPosition: data.lastPosition ? BigInt(data.lastPosition) : null,
      checkpoint: data.checkpoint,
    };
  }

  private async save(head: LogHead): Promise<void> {
    const data = { eventCount: head.eventCount.toString(), lastPosition: head.lastPosition?.toString() ?? null, checkpoint: head.checkpoint };
    const event = { id: randomUUID(), contentType: 'application/json', type: COUNTED, data, metadata: undefined } as EventData;
    // A snapshot only saves work: losing one to a timeout costs a longer count next time.
    await this.connection.append(this.naming.count, [event], 'any').catch(() => undefined);
  }
}
