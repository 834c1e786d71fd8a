import type { BenchSystem, LogPage } from './bench-system';
import { liveWriterAppends, type WorkloadSizes } from './workload-plan';

/** The log read while concurrent writers append: every acknowledged event exactly once. */
export interface LiveScan {
  readonly appended: number;
  readonly read: number;
  readonly duplicates: number;
  /** Acknowledged appends the reader never saw: a reader that stepped over a late commit. */
  readonly missing: number;
  /** Events read that no writer of this check appended. */
  readonly unexpected: number;
}

/**
 * W4 under concurrent writers: W2's sixteen callers append to streams of their own while a reader
 * follows the log from its end, page by page, as a projection would. Once the writers are done the
 * reader catches up to the end. Not timed: this is the correctness half of the W4 target.
 */
export async function runLiveScan(system: BenchSystem, sizes: WorkloadSizes): Promise<LiveScan> {
  const callers = liveWriterAppends(sizes);
  const reader = await system.openLog(sizes.w4PageSize, 'end');
  const acknowledged = new Set<string>();
  const seen = new Set<string>();
  let duplicates = 0;
  let read = 0;
  const consume = (page: LogPage) => {
    for (const event of page.events) {
      if (seen.has(event.eventId)) duplicates += 1;
      else seen.add(event.eventId);
    }
    read += page.events.length;
  };

  let writing = true;
  const writers = Promise.all(
    callers.map(async (appends) => {
      for (const append of appends) {
        await system.append(append);
        for (const event of append.events) acknowledged.add(event.eventId);
      }
    }),
  ).finally(() => {
    writing = false;
  });
  while (writing) {
    const page = await reader.next();
    consume(page);
    if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await writers;
  for (;;) {
    const page = await reader.next();
    consume(page);
    if (page.isEnd || page.events.length === 0) break;
  }

  let missing = 0;
  for (const id of acknowledged) if (!seen.has(id)) missing += 1;
  let unexpected = 0;
  for (const id of seen) if (!acknowledged.has(id)) unexpected += 1;
  return { appended: acknowledged.size, read, duplicates, missing, unexpected };
}
