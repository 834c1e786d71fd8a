import { createEventStore } from '@app/ledger/create-event-store';
import { type AppConfig, describeStore, toEventStoreConfig } from '@app/platform';
import Database from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';
import { readLatestHeadAndKey } from '../verify/tree-head-check';
import { ExportFileError, exportLedger, importLedger } from './ledger-export';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';

/** `ledger export <file>`, `ledger import <file>` and `ledger backup <file>`. */
export function registerBackupCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('export'))
    .argument('<file>', 'NDJSON file to write (must not exist)')
    .description('write the whole ledger as NDJSON: a header, every event with its hashes in global order, a trailer')
    .action(async (file: string, _options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        const store = await createEventStore(toEventStoreConfig(config));
        const bar = progressBar(io, 'exporting');
        try {
          const treeHead = await latestTreeHead(config);
          const count = await exportLedger(store, resolve(file), describeStore(config), bar.update, treeHead);
          bar.stop();
          out.line(
            `exported ${count} events from ${describeStore(config)} to ${resolve(file)}` +
              (treeHead ? `, with the signed tree head of size ${treeHead.treeSize}` : ''),
          );
          setExit(EXIT.ok);
        } finally {
          bar.stop();
          await store.close();
        }
      } catch (error) {
        setExit(out.failure('export', error));
      }
    });

  addGlobalOptions(program.command('import'))
    .argument('<file>', 'NDJSON file written by `ledger export`')
    .description('rebuild an empty store from an export, after checking every hash and chain in it (also: SQLite → PostgreSQL)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        if (!existsSync(resolve(file))) throw new Error(`no such file: ${resolve(file)}`);
        const store = await createEventStore(toEventStoreConfig(config));
        const bar = progressBar(io, 'importing');
        try {
          const report = await importLedger(store, resolve(file), bar.update);
          bar.stop();
          out.line(`imported ${report.events} events in ${report.streams} streams (${report.appends} appends) into ${describeStore(config)}; every hash matches the file`);
          setExit(EXIT.ok);
        } finally {
          bar.stop();
          await store.close();
        }
      } catch (error) {
        if (error instanceof ExportFileError) {
          out.error(`ledger import: refused, nothing more is written: ${error.message}`);
          setExit(EXIT.broken);
        } else {
          setExit(out.failure('import', error));
        }
      }
    });

  addGlobalOptions(program.command('backup'))
    .argument('<file>', 'SQLite file to write (must not exist)')
    .description('online copy of the embedded store with SQLite’s backup API, safe while the API runs')
    .action(async (file: string, _options: unknown, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        setExit(await backupSqlite(config, resolve(file), out));
      } catch (error) {
        setExit(out.failure('backup', error));
      }
    });
}

async function backupSqlite(config: AppConfig, target: string, out: CliOutput): Promise<number> {
  if (config.store.kind !== 'sqlite') {
    out.error('ledger backup: copies the embedded SQLite store; for PostgreSQL use pg_dump (see the README) or `ledger export`');
    return EXIT.failed;
  }
  if (!existsSync(config.store.file)) throw new Error(`no ledger at ${config.store.file}`);
  if (existsSync(target)) throw new Error(`${target} exists: choose a new file`);
  const db = new Database(config.store.file, { readonly: true, fileMustExist: true });
  try {
    // The backup API copies a consistent snapshot page by page while writers go on (WAL mode).
    const { totalPages } = await db.backup(target);
    out.line(`backed up ${config.store.file} to ${target} (${totalPages} pages)`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

function progressBar(io: CliIo, verb: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!io.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: `${verb} |{bar}| {percentage}% {value}/{total} events, {eta_formatted} left`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update: (done, total) => {
      if (stopped) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

/** The latest signed tree head beside the ledger, if the notary has signed one. */
async function latestTreeHead(config: AppConfig): Promise<SignedTreeHead | undefined> {
  const latest = await readLatestHeadAndKey(config, undefined).catch(() => ({ kind: 'none' }) as const);
  if (latest.kind !== 'found') return undefined;
  await latest.integrity.close();
  return latest.head;
}
