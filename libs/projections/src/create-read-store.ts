import type { AppConfig } from '@app/platform/config';
import { join } from 'node:path';
import type { ReadStore } from './read-store.port';
import { PostgresReadStore } from './postgres/postgres-read-store.adapter';
import { SqliteReadStore } from './sqlite/sqlite-read-store.adapter';

export type ReadStoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

export const READ_SQLITE_FILE_NAME = 'read.sqlite';

/** The read store beside the configured event store: `<dataDir>/read.sqlite` or `<schema>_read`. */
export function readStoreConfig(config: AppConfig): ReadStoreConfig {
  const { store } = config;
  return store.kind === 'sqlite'
    ? { kind: 'sqlite', file: join(config.dataDir, READ_SQLITE_FILE_NAME) }
    : { kind: 'postgres', connectionString: store.databaseUrl, schema: `${store.schema}_read` };
}

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteReadStore.open({ file: config.file });
    case 'postgres':
      return PostgresReadStore.open({ connectionString: config.connectionString, schema: config.schema });
    default: {
      const exhaustive: never = config;
      throw new Error(`unknown read store ${JSON.stringify(exhaustive)}`);
    }
  }
}
