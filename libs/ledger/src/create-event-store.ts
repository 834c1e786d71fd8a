import { EsdbEventStore } from './esdb/esdb-event-store.adapter';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store.adapter';
import { type SqliteDurability, SqliteEventStore } from './sqlite/sqlite-event-store.adapter';

export type EventStoreConfig =
  | {
      readonly kind: 'sqlite';
      readonly file: string;
      readonly pollIntervalMs?: number;
      /** `full` unless a bulk load that can be run again asks for `normal` (SqliteEventStoreOptions). */
      readonly durability?: SqliteDurability;
    }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema?: string;
      readonly pollIntervalMs?: number;
    }
  | {
      readonly kind: 'eventstoredb';
      /** The client's connection string, e.g. `esdb://admin:changeit@node1:2113,node2:2113?tls=true`. */
      readonly connectionString: string;
      /** Deadline of each call to the server (default 10 s). */
      readonly deadlineMs?: number;
      /** The ledger's namespace on a server that holds several (default none). */
      readonly namespace?: string;
    };

/** Opens the configured adapter (creating its tables when they do not exist yet). */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ file: config.file, pollIntervalMs: config.pollIntervalMs, durability: config.durability });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
        pollIntervalMs: config.pollIntervalMs,
      });
    case 'eventstoredb':
      return EsdbEventStore.open({
        connectionString: config.connectionString,
        deadlineMs: config.deadlineMs,
        namespace: config.namespace,
      });
    default: {
      const exhaustive: never = config;
      throw new Error(`unknown event store ${JSON.stringify(exhaustive)}`);
    }
  }
}
