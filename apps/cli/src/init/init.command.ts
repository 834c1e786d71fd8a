import { createEventStore } from '@app/ledger/create-event-store';
import { type AppConfig, redactUrl, toEventStoreConfig } from '@app/platform';
import { initTokenKeys } from './token-keys.init';
import { initTreeHeadKey } from './tree-head-key.init';
import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import { added, type Inventory, postgresInventory, sqliteInventory } from './schema-inventory';

export function registerInitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('init'))
    .description(
      'create the data directory, the event store with its schema, the tree-head signing key and the token signing key (safe to run again)',
    )
    .action(async (_options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        setExit(await init(config, out));
      } catch (error) {
        setExit(out.failure('init', error));
      }
    });
}

async function init(config: AppConfig, out: CliOutput): Promise<number> {
  const { store } = config;
  if (store.kind === 'sqlite') {
    const dirExisted = existsSync(config.dataDir);
    mkdirSync(config.dataDir, { recursive: true });
    out.line(dirExisted ? `data directory ${config.dataDir} already exists` : `created data directory ${config.dataDir}`);
    const before = sqliteInventory(store.file);
    const eventCount = await openAndClose(config);
    report(out, `SQLite ledger ${store.file}`, before, sqliteInventory(store.file), eventCount);
  } else {
    const where = `schema ${store.schema} in ${redactUrl(store.databaseUrl)}`;
    const before = await postgresInventory(store.databaseUrl, store.schema);
    const eventCount = await openAndClose(config);
    report(out, `PostgreSQL ledger ${where}`, before, await postgresInventory(store.databaseUrl, store.schema), eventCount);
  }
  for (const line of initTreeHeadKey(config)) out.line(line);
  for (const line of await initTokenKeys(config)) out.line(line);
  return EXIT.ok;
}

/** Opening a store creates whatever of its schema is missing; the event count shows it answers. */
async function openAndClose(config: AppConfig): Promise<bigint> {
  const eventStore = await createEventStore(toEventStoreConfig(config));
  try {
    return (await eventStore.head()).eventCount;
  } finally {
    await eventStore.close();
  }
}

function report(out: CliOutput, what: string, before: Inventory, after: Inventory, eventCount: bigint): void {
  const made = added(before, after);
  if (!before.exists) {
    out.line(`created ${what}`);
  } else if (made.length === 0) {
    out.line(`${what} already exists (${eventCount} events); its schema is complete, nothing to do`);
    return;
  } else {
    out.line(`${what} already exists (${eventCount} events); completed its schema`);
  }
  for (const object of made) out.line(`  + ${object}`);
}
