import { merge, Observable, timer } from 'rxjs';
import type { Checkpoint, RecordedEvent } from './envelope';
import { LOG_START } from './envelope';
import type { ReadAllOptions, ReadAllPage } from './event-store.port';

export interface CatchUpOptions {
  readonly from?: Checkpoint;
  readonly pageSize?: number;
  /** Appends by other processes are noticed by polling at this interval. */
  readonly pollIntervalMs: number;
}

/**
 * `committed$` emits after each local commit and completes when the store closes, which completes
 * the subscription.
 *
 * Reads the log page by page from a checkpoint, then waits for a wake-up (a local commit or the
 * poll timer) and reads again from where it stands. Catch-up and live use the same read from the
 * last delivered checkpoint, so the hand-over can neither skip nor repeat an event.
 */
export function catchUpSubscription(
  readAll: (options: ReadAllOptions) => Promise<ReadAllPage>,
  committed$: Observable<unknown>,
  options: CatchUpOptions,
): Observable<RecordedEvent> {
  const pageSize = options.pageSize ?? 500;
  return new Observable<RecordedEvent>((subscriber) => {
    let checkpoint = options.from ?? LOG_START;
    let closed = false;
    let woken = false;
    let wake: (() => void) | undefined;
    const wakeUps = merge(committed$, timer(options.pollIntervalMs, options.pollIntervalMs)).subscribe(
      () => {
        woken = true;
        wake?.();
      },
    );

    const onClose = committed$.subscribe({
      complete: () => {
        closed = true;
        wake?.();
        subscriber.complete();
      },
    });

    const run = async (): Promise<void> => {
      while (!closed) {
        woken = false;
        const page = await readAll({ from: checkpoint, maxCount: pageSize });
        for (const event of page.events) {
          if (closed) return;
          checkpoint = event.checkpoint;
          subscriber.next(event);
        }
        if (page.isEnd && !woken && !closed) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      }
    };
    run().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });

    return () => {
      closed = true;
      wakeUps.unsubscribe();
      onClose.unsubscribe();
      wake?.();
    };
  });
}
