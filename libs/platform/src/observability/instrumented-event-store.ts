import type { AppendOptions, AppendResult, EventStore } from '@app/ledger/event-store.port';
import type { NewEvent } from '@app/ledger/envelope';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import type { LedgerMetrics } from './metrics';

/** The store with every append counted and timed; everything else passes through unchanged. */
export function instrumentEventStore(store: EventStore, metrics: LedgerMetrics): EventStore {
  const kind = store.kind;
  const append = async (streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> => {
    const end = metrics.appendSeconds.startTimer({ store: kind });
    let result = 'error';
    try {
      const appended = await store.append(streamId, events, options);
      result = appended.replayed ? 'replayed' : 'appended';
      if (!appended.replayed) metrics.appendedEvents.inc({ store: kind }, events.length);
      return appended;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) result = 'conflict';
      throw error;
    } finally {
      metrics.appends.inc({ store: kind, result });
      end({ result });
    }
  };
  // A proxy rather than a wrapper class: what an adapter offers beyond the port (an online backup,
  // say) and instanceof checks keep working.
  return new Proxy(store, {
    // Other methods run with the proxy as `this`, which reaches the adapter's fields through here;
    // not binding them keeps a test's jest.spyOn(store, 'head') working.
    get(target, property, receiver) {
      return property === 'append' ? append : Reflect.get(target, property, receiver);
    },
  });
}
