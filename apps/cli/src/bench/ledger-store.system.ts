import type { EventStore, ExpectedRevision } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSystem, LoggedEvent, LogReader } from './bench-system';
import { dropSchema, freshSchemaName } from './postgres-admin';
import type { BenchAppend } from './workload-plan';

/** The ledger's own event store, opened through createEventStore like the applications do. */
export class LedgerStoreSystem implements BenchSystem {
  readonly role = 'ours' as const;

  private constructor(
    readonly label: string,
    private readonly store: EventStore,
    private readonly cleanUp: () => Promise<void>,
  ) {}

  static async openSqlite(): Promise<LedgerStoreSystem> {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-ours-'));
    const removeDir = async () => rmSync(dir, { recursive: true, force: true });
    try {
      const store = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.db') });
      return new LedgerStoreSystem('ledger on SQLite', store, removeDir);
    } catch (error) {
      await removeDir();
      throw error;
    }
  }

  static async openPostgres(connectionString: string): Promise<LedgerStoreSystem> {
    const schema = freshSchemaName('ledger');
    const drop = () => dropSchema(connectionString, schema);
    try {
      const store = await createEventStore({ kind: 'postgres', connectionString, schema });
      return new LedgerStoreSystem('ledger on PostgreSQL', store, drop);
    } catch (error) {
      await drop().catch(() => undefined);
      throw error;
    }
  }

  /**
   * On a shared EventStoreDB server: the server keeps what a run writes, so each run is a ledger
   * of its own in a fresh namespace, and nothing is deleted afterwards.
   */
  static async openEsdb(connectionString: string): Promise<LedgerStoreSystem> {
    const namespace = `bench-${process.pid}-${Date.now().toString(36)}`;
    const store = await createEventStore({ kind: 'eventstoredb', connectionString, namespace });
    return new LedgerStoreSystem('ledger on EventStoreDB', store, async () => undefined);
  }

  append(append: BenchAppend): Promise<unknown> {
    return this.store.append(append.streamId, append.events, {
      expectedRevision: toExpectedRevision(append.expectedVersion),
      commandId: append.commandId,
    });
  }

  async openLog(pageSize: number, from: 'start' | 'end'): Promise<LogReader> {
    let after = from === 'start' ? LOG_START : (await this.store.head()).checkpoint;
    return {
      next: async () => {
        const page = await this.store.readAll({ from: after, maxCount: pageSize });
        after = page.next;
        return page;
      },
    };
  }

  readStream(streamId: string): Promise<readonly LoggedEvent[]> {
    return this.store.readStream(streamId);
  }

  async logHead(): Promise<string> {
    const head = await this.store.head();
    return `${head.eventCount} events, last position ${String(head.lastPosition)}`;
  }

  async dispose(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      await this.cleanUp();
    }
  }
}

/** The benchmark counts events a stream holds; the port names the last revision (0-based). */
function toExpectedRevision(expectedVersion: number): ExpectedRevision {
  return expectedVersion === 0 ? 'no-stream' : BigInt(expectedVersion - 1);
}
