import { type TableName, tableName } from './projection';
import { liveBuild } from './projection-bookkeeping';
import { isMissingTable, type ReadStore } from './read-store.port';

/**
 * Runs a query against the tables that serve the projection now. A rebuild may switch and drop
 * the tables between looking them up and reading them; the read is then tried once more.
 */
export async function readProjection<T>(
  store: ReadStore,
  name: string,
  query: (store: ReadStore, table: TableName) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const serving = await liveBuild(store, name);
    if (!serving) throw new RangeError(`projection ${name} has no tables yet`);
    try {
      return await query(store, tableName(serving));
    } catch (error) {
      if (attempt > 1 || !isMissingTable(error)) throw error;
    }
  }
}
