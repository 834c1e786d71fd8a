import { createCaseDecider } from '@app/assistance-cases';
import { CaseRegister } from '@app/assistance-cases/http';
import { createWorkingCalendar } from '@app/calendar';
import { createDelegationDecider, DEFAULT_DELEGATION_POLICY } from '@app/delegation';
import { DelegationReader } from '@app/delegation/http';
import type { EventStore } from '@app/ledger';
import { createEventStore } from '@app/ledger/create-event-store';
import { createBatchDecider, DEFAULT_BATCH_POLICY } from '@app/payments';
import { BatchRunner } from '@app/payments/http';
import { CommandExecutor, FixedClock, TimeOrderedIdSource } from '@app/platform';
import { createStandardsDecider } from '@app/standards';
import { StandardsReader } from '@app/standards/http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, freshSchemaName } from '../postgres-admin';

export type BatchBenchStore = 'sqlite' | 'postgres';

/**
 * A fresh ledger wired as the API wires it (command executor, case and batch deciders, the case
 * register, the standards and delegation readers, the batch runner) on an embedded store in a
 * temporary directory or a fresh PostgreSQL schema, with a clock the benchmark moves by hand.
 */
export class BatchLedger {
  readonly clock = new FixedClock('2021-03-01T01:00:00.000Z');
  readonly ids = new TimeOrderedIdSource();
  readonly executor: CommandExecutor;
  readonly caseDecider = createCaseDecider({ calendar: createWorkingCalendar() });
  readonly standardsDecider = createStandardsDecider();
  readonly delegationDecider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);
  readonly register: CaseRegister;
  readonly standards: StandardsReader;
  readonly delegations: DelegationReader;
  readonly runner: BatchRunner;

  private constructor(
    readonly store: EventStore,
    readonly description: string,
    private readonly cleanUp: () => Promise<void>,
    concurrency: number,
  ) {
    this.executor = new CommandExecutor(store, this.clock, this.ids);
    this.register = new CaseRegister(store);
    this.register.onModuleInit();
    this.standards = new StandardsReader(store, this.standardsDecider);
    this.delegations = new DelegationReader(store, this.delegationDecider);
    this.runner = new BatchRunner({
      store,
      clock: this.clock,
      ids: this.ids,
      executor: this.executor,
      caseDecider: this.caseDecider,
      batchDecider: createBatchDecider(DEFAULT_BATCH_POLICY),
      register: this.register,
      standards: this.standards,
      concurrency,
    });
  }

  static async open(kind: BatchBenchStore, databaseUrl: string, concurrency: number): Promise<BatchLedger> {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-batch-'));
      const removeDir = async () => rmSync(dir, { recursive: true, force: true });
      try {
        const store = await createEventStore({ kind: 'sqlite', file: join(dir, 'ledger.db') });
        return new BatchLedger(store, `SQLite (WAL, synchronous=FULL) in ${dir}`, removeDir, concurrency);
      } catch (error) {
        await removeDir();
        throw error;
      }
    }
    const schema = freshSchemaName('batch');
    const drop = () => dropSchema(databaseUrl, schema);
    try {
      const store = await createEventStore({ kind: 'postgres', connectionString: databaseUrl, schema });
      return new BatchLedger(store, `PostgreSQL, schema ${schema}`, drop, concurrency);
    } catch (error) {
      await drop().catch(() => undefined);
      throw error;
    }
  }

  async eventCount(): Promise<number> {
    return Number((await this.store.head()).eventCount);
  }

  /** Closes the store and deletes it. */
  async dispose(): Promise<void> {
    this.register.onModuleDestroy();
    try {
      await this.store.close();
    } finally {
      await this.cleanUp();
    }
  }
}
