import { START } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import type { Checkpoint, RecordedEvent } from '../envelope';
import { LOG_START } from '../envelope';
import { StoreUnavailableError } from '../errors';
import type { EsdbConnection } from './esdb-connection';
import type { EsdbNaming } from './esdb-naming';
import type { GlobalPositions } from './esdb-positions';
import { decodeEvent, fromCheckpoint } from './esdb-records';

export interface EsdbSubscriptionOptions {
  readonly from?: Checkpoint;
  /** Reconnection attempts in a row before the subscription fails; reset by every event. */
  readonly maxReconnects: number;
  /** Completes the subscription (the store is closing). */
  readonly closing: Observable<unknown>;
  readonly naming: EsdbNaming;
}

/**
 * A catch-up subscription to `$all`: the server reads from the checkpoint (exclusive), says it
 * caught up and goes on with live events in the same stream of answers, so the hand-over is the
 * server's and has no gap. When the connection is lost the subscription is made again from the
 * checkpoint of the last event delivered; anything at or before it is dropped, so a resumed
 * subscription repeats nothing. No confirmation within the deadline counts as a lost connection.
 */
export function esdbSubscription(
  connection: EsdbConnection,
  positions: GlobalPositions,
  options: EsdbSubscriptionOptions,
): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let checkpoint = options.from ?? LOG_START;
    let closed = false;
    let stop: (() => void) | undefined;
    const closing = options.closing.subscribe({
      complete: () => {
        closed = true;
        stop?.();
        subscriber.complete();
      },
    });

    const once = async (): Promise<void> => {
      const from = fromCheckpoint(checkpoint);
      const subscription = connection.subscribeToAll(from === 'start' ? START : from, options.naming.subscriptionFilter());
      let confirmed = false;
      const silent = setTimeout(() => {
        if (!confirmed) subscription.destroy(new StoreUnavailableError(connection.server, `no subscription confirmation within ${connection.deadlineMs} ms`));
      }, connection.deadlineMs);
      subscription.once('confirmation', () => {
        confirmed = true;
        failures = 0;
      });
      stop = () => {
        clearTimeout(silent);
        void subscription.unsubscribe().catch(() => undefined);
        subscription.destroy();
      };
      try {
        for await (const resolved of subscription) {
          const decoded = decodeEvent(resolved, options.naming);
          if (!decoded || decoded.event.checkpoint <= checkpoint) continue;
          const [event] = await positions.resolve([decoded]);
          if (closed) return;
          checkpoint = event.checkpoint;
          failures = 0;
          subscriber.next(event);
        }
      } finally {
        clearTimeout(silent);
      }
    };

    let failures = 0;
    const run = async (): Promise<void> => {
      while (!closed) {
        let lost: unknown;
        try {
          await once();
          // A subscription never ends by itself: the server went away.
          lost = new StoreUnavailableError(connection.server, 'the subscription ended');
        } catch (error) {
          lost = connection.explain(error);
        }
        if (closed) return;
        if (!(lost instanceof StoreUnavailableError) || ++failures > options.maxReconnects) throw lost;
        await sleep(Math.min(100 * 2 ** (failures - 1), 5000));
      }
    };
    run().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });

    return () => {
      closed = true;
      closing.unsubscribe();
      stop?.();
    };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
