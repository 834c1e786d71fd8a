import { EVENT_STORE, type EventStore } from '@app/ledger';
import type { ReadStore } from '@app/projections';
import { READ_STORE } from '@app/projections/nest';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { EMPTY, type Observable, type Subscription } from 'rxjs';
import { type AlertAudience, AlertFeed, type AlertMessage } from './alert-feed';
import type { AlertStreamSettings } from './alert-stream.settings';

export const ALERT_STREAM_SETTINGS = Symbol('ALERT_STREAM_SETTINGS');

/** The part of a Node response an event stream writes to. */
export interface EventStreamResponse {
  readonly writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders?(): void;
  write(chunk: string): boolean;
  end(): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** One SSE message: `id:` (when it has one), `event:`, one `data:` line of JSON, a blank line. */
export function formatMessage(message: AlertMessage): string {
  const id = message.id === undefined ? '' : `id: ${message.id.replace(/[\r\n]/g, '')}\n`;
  return `${id}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/**
 * Serves alert streams and keeps count of them: each connection's subscription and heartbeat end
 * when its client goes, and all of them before the HTTP server closes on shutdown (an open event
 * stream would otherwise hold the server open).
 */
@Injectable()
export class AlertStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertStream');
  private readonly feed: AlertFeed;
  private readonly open = new Set<() => void>();
  /** Set once the app shuts down: a stream asked for then is ended at once, and the client retries elsewhere. */
  private closing = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(ALERT_STREAM_SETTINGS) private readonly settings: AlertStreamSettings,
  ) {
    this.feed = new AlertFeed(store, readStore);
  }

  /** Connections open now. */
  get connections(): number {
    return this.open.size;
  }

  /** The messages of one connection; reads the snapshot before resolving, so its failure is the request's. */
  async messages(audience: AlertAudience, lastEventId?: string): Promise<Observable<AlertMessage>> {
    return this.closing ? EMPTY : this.feed.open(audience, lastEventId);
  }

  /** Writes the stream to the response until the client goes, the store closes or the app shuts down. */
  serve(messages: Observable<AlertMessage>, response: EventStreamResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and the like must pass each message on at once.
      'X-Accel-Buffering': 'no',
    });
    response.write(`retry: ${this.settings.retryMs}\n: alerts\n\n`);
    response.flushHeaders?.();
    const write = (chunk: string): void => {
      if (!response.writableEnded) response.write(chunk);
    };
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.settings.heartbeatMs);
    heartbeat.unref?.();
    let done = false;
    let subscription: Subscription | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearInterval(heartbeat);
      subscription?.unsubscribe();
      this.open.delete(finish);
      if (!response.writableEnded) response.end();
    };
    this.open.add(finish);
    subscription = messages.subscribe({
      next: (message) => write(formatMessage(message)),
      // The client reconnects with the last id it got and misses nothing.
      error: (error: unknown) => {
        this.logger.error(`an alert stream failed: ${error instanceof Error ? error.message : String(error)}`);
        finish();
      },
      complete: finish,
    });
    response.on('close', finish);
    if (done) subscription.unsubscribe();
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const finish of [...this.open]) finish();
  }
}
