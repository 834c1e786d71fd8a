import {
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type EventData,
  EventStoreDBClient,
  type Filter,
  type Position,
  type ResolvedEvent,
  START,
  type AllStreamSubscription,
  StreamNotFoundError as EsdbStreamNotFoundError,
} from '@eventstore/db-client';
import { StoreUnavailableError } from '../errors';

export interface EsdbConnectionOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://...`: as the client library takes it. */
  readonly connectionString: string;
  /** Longest any one call may take, connecting included; the client's first call has none. */
  readonly deadlineMs: number;
}

export interface StreamReadOptions {
  readonly fromRevision: bigint | 'start' | 'end';
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
}

/**
 * One client of the server, with a deadline of our own around every call. The library gives its
 * first call (the server-features probe) no deadline and ignores the append's on a host that
 * accepts TCP and never answers; a call that outlives the deadline fails here with a
 * StoreUnavailableError naming the server, and the client is replaced, since a hung feature
 * probe would otherwise hold every later call.
 */
export class EsdbConnection {
  /** How errors name the server: `EventStoreDB at host:port`, never with credentials. */
  readonly server: string;
  private client: EventStoreDBClient;
  private closed = false;

  constructor(private readonly options: EsdbConnectionOptions) {
    this.server = `EventStoreDB at ${describeHosts(options.connectionString)}`;
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  get deadlineMs(): number {
    return this.options.deadlineMs;
  }

  /** The events of a stream in one direction, or 'not-found' when the stream has none. */
  readStream(streamId: string, read: StreamReadOptions): Promise<ResolvedEvent[] | 'not-found'> {
    return this.collect(`read of stream ${streamId}`, (client) =>
      client.readStream(streamId, {
        fromRevision: read.fromRevision,
        direction: read.direction,
        maxCount: read.maxCount,
        deadline: this.options.deadlineMs,
      }),
    );
  }

  /** Up to maxCount entries of `$all` forwards from a position (inclusive), system events included. */
  async readAll(from: Position | 'start', maxCount: number): Promise<ResolvedEvent[]> {
    const events = await this.collect('read of $all', (client) =>
      client.readAll({ fromPosition: from, maxCount, direction: 'forwards', deadline: this.options.deadlineMs }),
    );
    return events === 'not-found' ? [] : events;
  }

  append(streamId: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<EsdbAppendResult> {
    return this.call(`append to ${streamId}`, (client) =>
      client.appendToStream(streamId, events, { expectedRevision, deadline: this.options.deadlineMs }),
    );
  }

  /** A catch-up subscription to `$all` after a position (exclusive), filtered by the server. */
  subscribeToAll(from: Position | typeof START, filter: Filter): AllStreamSubscription {
    this.assertOpen();
    return this.client.subscribeToAll({ fromPosition: from, filter });
  }

  /**
   * Runs one request under the deadline; failures to reach the server become StoreUnavailableError.
   * A read (`retries` > 0) is tried again when the connection was lost: the client reconnects on
   * the next call, and a read has no effect to repeat.
   */
  async call<T>(
    what: string,
    run: (client: EventStoreDBClient) => Promise<T>,
    onTimeout?: () => void,
    retries = 0,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(what, run, onTimeout);
      } catch (error) {
        if (attempt >= retries || !connectionLost(error)) throw this.explain(error);
        await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** attempt).unref());
      }
    }
  }

  private async once<T>(what: string, run: (client: EventStoreDBClient) => Promise<T>, onTimeout?: () => void): Promise<T> {
    this.assertOpen();
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        this.replace(client);
        reject(new StoreUnavailableError(this.server, `no answer to the ${what} within ${this.options.deadlineMs} ms`));
      }, this.options.deadlineMs);
    });
    try {
      return await Promise.race([run(client), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connection-level failures named after the server; the rest (wrong version, ...) as they are. */
  explain(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const { code, type, message } = (error ?? {}) as { code?: unknown; type?: unknown; message?: unknown };
    // UNAVAILABLE (14), DEADLINE_EXCEEDED (4) and a cancellation by the server (1); connection
    // refused arrives as a plain Error with code 14, not as the library's UnavailableError.
    const unreachable =
      code === 14 || code === 4 || code === 1 || type === 'unavailable' || type === 'deadline-exceeded' || type === 'cancelled';
    if (!unreachable) return error;
    return new StoreUnavailableError(this.server, typeof message === 'string' ? message : String(error));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await disposeClient(this.client);
  }

  private collect(
    what: string,
    open: (client: EventStoreDBClient) => AsyncIterable<ResolvedEvent> & { cancel(): Promise<void> },
  ): Promise<ResolvedEvent[] | 'not-found'> {
    let stream: (AsyncIterable<ResolvedEvent> & { cancel(): Promise<void> }) | undefined;
    return this.call(
      what,
      async (client) => {
        stream = open(client);
        const events: ResolvedEvent[] = [];
        try {
          for await (const event of stream) events.push(event);
        } catch (error) {
          if (error instanceof EsdbStreamNotFoundError) return 'not-found';
          throw error;
        }
        return events;
      },
      () => void stream?.cancel().catch(() => undefined),
      2,
    );
  }

  /**
   * New calls go to a new client; the old one's channel is closed, which lets the calls still on
   * it (subscriptions among them) run on, or fail and be made again, rather than cancelling them
   * (the library swallows its own cancellations, and a subscription would go silent).
   */
  private replace(wedged: EventStoreDBClient): void {
    if (this.closed || this.client !== wedged) return;
    this.client = EventStoreDBClient.connectionString(this.options.connectionString);
    void closeChannel(wedged);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** UNAVAILABLE from the transport (connection refused, reset, closed), not a deadline of ours. */
function connectionLost(error: unknown): boolean {
  const { code, type } = (error ?? {}) as { code?: unknown; type?: unknown };
  return code === 14 || type === 'unavailable';
}

/** Cancels the client's streams and closes its channel, waiting a bounded time for either. */
async function disposeClient(client: EventStoreDBClient): Promise<void> {
  await bounded(client.dispose());
  await closeChannel(client);
}

async function closeChannel(client: EventStoreDBClient): Promise<void> {
  // The library keeps its channel private; getChannel hands back the one it made (and for a
  // single node makes one without touching the network when there is none).
  const internals = client as unknown as { getChannel?: () => Promise<{ close(): void }> };
  const channel = await bounded(internals.getChannel?.() ?? Promise.resolve(undefined));
  channel?.close();
}

function bounded<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([promise.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref())]);
}

/** The hosts of a connection string without user, password or options: `a:2113,b:2113`. */
export function describeHosts(connectionString: string): string {
  const match = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?]*)/i.exec(connectionString.trim());
  return match?.[1] || '<unparseable connection string>';
}
