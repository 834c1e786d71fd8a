import { encodeCheckpoint } from '@app/ledger';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent, type Position, type ResolvedEvent, START } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { BenchSystem, LoggedEvent, LogReader } from './bench-system';
import type { BenchAppend } from './workload-plan';

/**
 * The floor to compare with on EventStoreDB / KurrentDB: @eventstore/db-client appending each
 * append as one write with its expected revision (the server's own check, nothing else), JSON
 * data and metadata, reads of the stream and of `$all`. The server keeps what the runs write, so
 * each run uses streams under a prefix of its own (`bench-raw-<id>/`) and reads only those.
 */
export class RawEsdbBaseline implements BenchSystem {
  readonly role = 'raw' as const;
  readonly label = 'raw @eventstore/db-client';

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
  ) {}

  static async open(connectionString: string): Promise<RawEsdbBaseline> {
    const client = EventStoreDBClient.connectionString(connectionString);
    const baseline = new RawEsdbBaseline(client, `bench-raw-${randomUUID().slice(0, 8)}/`);
    try {
      await baseline.lastPosition();
    } catch (error) {
      await baseline.dispose();
      throw error;
    }
    return baseline;
  }

  append(append: BenchAppend): Promise<unknown> {
    const events = append.events.map((event) =>
      jsonEvent({ id: event.eventId, type: event.type, data: event.data as never, metadata: event.metadata }),
    );
    const expectedRevision = append.expectedVersion === 0 ? 'no_stream' : BigInt(append.expectedVersion - 1);
    return this.client.appendToStream(this.prefix + append.streamId, events, { expectedRevision });
  }

  async openLog(pageSize: number, from: 'start' | 'end'): Promise<LogReader> {
    let after: Position | undefined = from === 'end' ? await this.lastPosition() : undefined;
    return {
      // Other runs' and the server's own events are skipped until a page has some of ours.
      next: async () => {
        for (;;) {
          const raw: ResolvedEvent[] = [];
          for await (const resolved of this.client.readAll({ fromPosition: after ?? START, maxCount: pageSize + 1 })) raw.push(resolved);
          const fresh = raw.filter((r) => r.event?.position && (!after || r.event.position.commit > after.commit));
          const ours = fresh.filter((r) => r.event!.streamId.startsWith(this.prefix)).slice(0, pageSize);
          const last = ours.length === pageSize ? ours[ours.length - 1] : fresh[fresh.length - 1];
          if (last?.event?.position) after = last.event.position;
          const isEnd = raw.length < pageSize + 1 && ours.length < pageSize;
          if (ours.length > 0 || isEnd) return { events: ours.map(toLogged), isEnd };
        }
      },
    };
  }

  async readStream(streamId: string): Promise<readonly LoggedEvent[]> {
    const events: LoggedEvent[] = [];
    for await (const resolved of this.client.readStream(this.prefix + streamId)) events.push(toLogged(resolved));
    return events;
  }

  async logHead(): Promise<string> {
    const position = await this.lastPosition(true);
    return `last position ${position ? `${position.commit}/${position.prepare}` : 'none'}`;
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
    const internals = this.client as unknown as { getChannel?: () => Promise<{ close(): void }> };
    (await internals.getChannel?.())?.close();
  }

  /** The last position of `$all`, or of this run's streams only. */
  private async lastPosition(ours = false): Promise<Position | undefined> {
    let from: Position | typeof END = END;
    for (;;) {
      let read = 0;
      const page = this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: 200 });
      for await (const resolved of page as AsyncIterable<ResolvedEvent>) {
        read += 1;
        const event: ResolvedEvent['event'] = resolved.event;
        if (event?.position && (!ours || event.streamId.startsWith(this.prefix))) return event.position;
        if (event?.position) from = event.position;
      }
      if (read < 200) return undefined;
    }
  }
}

function toLogged(resolved: ResolvedEvent): LoggedEvent {
  const event = resolved.event!;
  const position = event.position!;
  return { eventId: event.id, globalPosition: position.commit, checkpoint: encodeCheckpoint(position.commit, position.prepare) };
}
