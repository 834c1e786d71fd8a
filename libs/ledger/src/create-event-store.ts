import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store.adapter';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string; readonly pollIntervalMs?: number }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema?: string;
      readonly pollIntervalMs?: number;
    };

/** Opens the configured adapter (creating its tables when they do not exist yet). */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ file: config.file, pollIntervalMs: config.pollIntervalMs });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
        pollIntervalMs: config.pollIntervalMs,
      });
    default: {
      const exhaustive: never = config;
      throw new Error(`unknown event store ${JSON.stringify(exhaustive)}`);
    }
  }
}
