/** What a bounded run got to do: a result per item started, and the first error that stopped it. */
export interface BoundedRun<R> {
  /** In the order of the items; undefined for an item never started or that failed. */
  readonly results: readonly (R | undefined)[];
  readonly error?: unknown;
}

/**
 * Calls `task` on every item with at most `limit` calls in flight. The first failure stops new
 * calls from starting; the calls in flight finish, and what they and the earlier ones returned is
 * handed back with the error, so a caller can keep what was done before it reports the failure.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<BoundedRun<R>> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
  const results: (R | undefined)[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failure === undefined ? { results } : { results, error: failure.error };
}
