import { createCaseDecider } from '@app/assistance-cases';
import { CaseRegister } from '@app/assistance-cases/http';
import { createWorkingCalendar } from '@app/calendar';
import { createDelegationDecider, DEFAULT_DELEGATION_POLICY } from '@app/delegation';
import { DelegationReader } from '@app/delegation/http';
import type { EventStore } from '@app/ledger';
import { createOfficialsDecider } from '@app/officials';
import { createBatchDecider, DEFAULT_BATCH_POLICY } from '@app/payments';
import { BatchRunner } from '@app/payments/http';
import { CommandExecutor, FixedClock, type HttpCommandContext, type Role } from '@app/platform';
import { createStandardsDecider } from '@app/standards';
import { StandardsReader } from '@app/standards/http';
import { CITY } from './city-model';
import { ScopedIdSource, scopedStore } from './seed-ids';

/** A command's context as the official `sub` with one role in `unit` (the seed signs no tokens). */
export const as = (sub: string, role: Role, unit: string): HttpCommandContext => ({ principal: { sub, roles: [role], unit } });
/** The city's administrator, who sets standards and registers officials. */
export const ADMIN = as(`admin-${CITY}`, 'admin', CITY);

/**
 * The ledger wired as the API wires it (as BatchLedger does for the benchmarks), on a store the
 * caller opened, with a clock the seed moves by hand and ids derived from command ids. Commands run
 * one at a time: the batch runner's concurrency is 1.
 */
export class SeedLedger {
  readonly clock = new FixedClock('2020-12-01T01:00:00.000Z');
  readonly ids: ScopedIdSource;
  /** The store the commands go through (its command look-ups set the id scope). */
  readonly commands: EventStore;
  readonly executor: CommandExecutor;
  readonly caseDecider = createCaseDecider({ calendar: createWorkingCalendar() });
  readonly standardsDecider = createStandardsDecider();
  readonly delegationDecider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);
  readonly officialsDecider = createOfficialsDecider();
  readonly batchDecider = createBatchDecider(DEFAULT_BATCH_POLICY);
  readonly register: CaseRegister;
  readonly standards: StandardsReader;
  readonly delegations: DelegationReader;
  readonly runner: BatchRunner;
  /**
   * Which of the register's payable cases the batch runner sees. A resumed run replays a month
   * whose batch the first run never opened (its township had nothing to pay then) with a register
   * that already holds the cases approved since: the seed limits the runner to the cases the city
   * had approved by the batch's date, so the replay pays what the first run did.
   */
  admit: (caseId: string) => boolean = () => true;

  constructor(
    readonly store: EventStore,
    seed: number,
  ) {
    this.ids = new ScopedIdSource(seed);
    this.commands = scopedStore(store, this.ids);
    this.executor = new CommandExecutor(this.commands, this.clock, this.ids);
    this.register = new CaseRegister(store);
    this.register.onModuleInit();
    this.standards = new StandardsReader(store, this.standardsDecider);
    this.delegations = new DelegationReader(store, this.delegationDecider);
    this.runner = new BatchRunner({
      store: this.commands,
      clock: this.clock,
      ids: this.ids,
      executor: this.executor,
      caseDecider: this.caseDecider,
      batchDecider: this.batchDecider,
      register: { payableCases: async (townshipCode) => (await this.register.payableCases(townshipCode)).filter((c) => this.admit(c.caseId)) },
      standards: this.standards,
      concurrency: 1,
    });
  }

  async eventCount(): Promise<number> {
    return Number((await this.store.head()).eventCount);
  }

  /** Stops the register's subscription; the store stays open (its opener closes it). */
  close(): void {
    this.register.onModuleDestroy();
  }
}
