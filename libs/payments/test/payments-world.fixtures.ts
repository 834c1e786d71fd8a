import {
  type CaseCommand,
  type CaseEvent,
  createCaseDecider,
  type StandardSnapshot,
} from '@app/assistance-cases';
import { CaseRegister, caseStreamIdOf } from '@app/assistance-cases/http';
import { addDays, createWorkingCalendar } from '@app/calendar';
import { createDelegationDecider, DEFAULT_DELEGATION_POLICY } from '@app/delegation';
import { DelegationReader } from '@app/delegation/http';
import { residentIdCheckCharacter } from '@app/households';
import type { EventStore, RecordedEvent } from '@app/ledger';
import { CommandExecutor, FixedClock, type HttpCommandContext, SequentialIdSource } from '@app/platform';
import type { Role } from '@app/platform/roles';
import { createStandardsDecider, standardRegionsFor } from '@app/standards';
import { StandardsReader } from '@app/standards/http';
import {
  dibaoApplication,
  homeVisit,
  meansCheck,
  seedStandardsAndDelegation,
} from '../../../apps/cli/src/bench/batch/batch-seed';
import { createBatchDecider } from '../src/batch.decider';
import { DEFAULT_BATCH_POLICY } from '../src/batch.policy';
import { BatchRunner } from '../src/http/batch-runner';
import { runBounded } from '../src/http/bounded-concurrency';

/** 越城区's first street, which holds the 低保 delegation; a street of 柯桥区 next door. */
export const TOWNSHIP = '330602001';
export const OTHER_COUNTY_TOWNSHIP = '330603001';
export const MONTH = '2021-04';
export const BATCH_ID = '330602001-202104';

/** 09:00 in Shaoxing on a date. */
export const at = (date: string) => `${date}T01:00:00.000Z`;

const official = (sub: string, role: Role, unit: string): HttpCommandContext => ({
  principal: { sub, roles: [role], unit },
});
export const admin = official('admin-1', 'admin', '3306');
export const countyReviewer = official('county-1', 'county-reviewer', '330602');
export const clerk = official('clerk-1', 'intake-clerk', TOWNSHIP);
export const approver = official('approver-1', 'township-approver', TOWNSHIP);
export const auditor = official('auditor-1', 'auditor', '3306');

/** A household of 1 to 3 members with counted wages; the 低保 amount is 890 元 × members − wages. */
export interface Household {
  readonly caseId: string;
  readonly members: number;
  readonly wagesFen: number;
}

/** Households of 1, 2 and 3 members with wages from 0 to 480 元, below the standard for any of them. */
export function households(count: number): Household[] {
  return Array.from({ length: count }, (_, i) => ({
    caseId: `c-${String(i + 1).padStart(4, '0')}`,
    members: (i % 3) + 1,
    wagesFen: (i % 17) * 3_000,
  }));
}

/** The ledger with the cases, batch and standards machinery as the API wires it, on a given store. */
export class PaymentsWorld {
  readonly clock = new FixedClock(at('2021-03-01'));
  readonly ids = new SequentialIdSource();
  readonly executor: CommandExecutor;
  readonly caseDecider = createCaseDecider({ calendar: createWorkingCalendar() });
  readonly batchDecider = createBatchDecider(DEFAULT_BATCH_POLICY);
  readonly register: CaseRegister;
  readonly standards: StandardsReader;
  readonly delegations: DelegationReader;
  readonly runner: BatchRunner;
  readonly delegationDecider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);
  readonly standardsDecider = createStandardsDecider();

  constructor(readonly store: EventStore) {
    this.executor = new CommandExecutor(store, this.clock, this.ids);
    this.register = new CaseRegister(store);
    this.register.onModuleInit();
    this.standards = new StandardsReader(store, this.standardsDecider);
    this.delegations = new DelegationReader(store, this.delegationDecider);
    const { clock, ids, executor, caseDecider, batchDecider, register, standards } = this;
    this.runner = new BatchRunner({ store, clock, ids, executor, caseDecider, batchDecider, register, standards });
  }

  async close(): Promise<void> {
    this.register.onModuleDestroy();
    await this.store.close();
  }

  /** The Shaoxing standards and a 低保 delegation to the township from 1 March 2021. */
  async setUp(): Promise<void> {
    await seedStandardsAndDelegation(this, TOWNSHIP, 'dlg-1');
  }

  /**
   * Approved 低保 cases in the fewest commands the case decider allows: application, acceptance,
   * means check and home visit, an eligible opinion and its publicity on 1 March; the township's
   * approval under the delegation on 9 March, the day after the 7 days of publicity. Paid from April.
   */
  async approveCases(list: readonly Household[]): Promise<void> {
    this.clock.set(at('2021-03-01'));
    const standard = await this.dibaoStandard('2021-03');
    await this.each(list, (h) => [
      ['SubmitApplication', clerk, application(h)],
      ['AcceptApplication', clerk, { caseId: h.caseId }],
      ['RecordMeansCheck', clerk, { caseId: h.caseId, ...meansCheck(`HD-2021-${h.caseId}`, h.wagesFen) }],
      ['RecordHomeVisit', clerk, { caseId: h.caseId, ...homeVisit(`v-${h.caseId}`) }],
      ['GivePreliminaryOpinion', clerk, { caseId: h.caseId, opinion: 'eligible', standard }],
      ['StartPublicity', clerk, { caseId: h.caseId, place: '村务公开栏' }],
    ]);
    this.clock.set(at('2021-03-09'));
    const { explanation } = await this.delegations.explain(TOWNSHIP, this.clock.now().toISOString(), 'dibao');
    const delegationId = explanation.inForce ? explanation.delegation.delegationId : undefined;
    await this.each(list, (h) => [['ApproveCase', approver, { caseId: h.caseId, delegation: explanation, standard }, delegationId]]);
  }

  /** One command on a case, as the case routes send it. */
  case(context: HttpCommandContext, caseId: string, type: CaseCommand['type'], data: object, delegationId?: string) {
    return this.executor.run({
      context,
      decider: this.caseDecider,
      streamId: caseStreamIdOf(caseId),
      role: context.principal.roles[0],
      type,
      data: data as never,
      ...(delegationId === undefined ? {} : { delegationId }),
    });
  }

  async caseEvents(caseId: string): Promise<RecordedEvent<CaseEvent>[]> {
    return (await this.store.readStream(caseStreamIdOf(caseId))) as RecordedEvent<CaseEvent>[];
  }

  async dibaoStandard(month: string): Promise<StandardSnapshot> {
    const found = await this.standards.inForce(standardRegionsFor(TOWNSHIP), 'dibao', month);
    if (!found) throw new Error(`no dibao standard for ${month}`);
    return { monthlyFen: found.monthlyFen, effectiveFrom: found.effectiveFrom, standardRef: found.standardRef, programme: 'dibao' };
  }

  private async each(
    list: readonly Household[],
    commands: (h: Household) => [CaseCommand['type'], HttpCommandContext, object, string?][],
  ): Promise<void> {
    const done = await runBounded(list, 8, async (h) => {
      for (const [type, context, data, delegationId] of commands(h)) {
        await this.case(context, h.caseId, type, data, delegationId);
      }
    });
    if (done.error !== undefined) throw done.error;
  }
}

/** A valid 18-digit resident ID number for member `m` of household `n`. */
function idNumber(n: number, m: number): string {
  const born = addDays('1950-01-01', n * 3 + m).replaceAll('-', '');
  const first17 = `330602${born}${String(100 + m)}`;
  return first17 + residentIdCheckCharacter(first17);
}

function application(h: Household) {
  const n = Number(h.caseId.slice(2));
  const idNumbers = Array.from({ length: h.members }, (_, m) => idNumber(n, m));
  return { caseId: h.caseId, ...dibaoApplication(TOWNSHIP, n, h.wagesFen, idNumbers) };
}
