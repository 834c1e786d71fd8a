import { createWorkingCalendar, type WorkingCalendar } from '@app/calendar';
import type { CaseCommand } from '@app/assistance-cases/case.commands';
import { createCaseDecider } from '@app/assistance-cases/case.decider';
import { caseStreamId, type CaseEvent } from '@app/assistance-cases/case.events';
import { evolveCase } from '@app/assistance-cases/case.evolve';
import { type CasePolicy, DEFAULT_CASE_POLICY } from '@app/assistance-cases/case.policy';
import { type CaseState, initialCaseState } from '@app/assistance-cases/case.state';
import type { Decider } from '@app/ledger/decider';
import type { Actor, RecordedEvent } from '@app/ledger/envelope';
import { TestLedger } from './test-ledger';

/**
 * A small world for rule tests: cases run through the case context's own decider (so histories are
 * what the API would record), and events that arrive by other routes — an import, a batch, a
 * compromised account — recorded as given. Everything lands in one ledger, in order.
 */
export class World {
  readonly ledger = new TestLedger();
  readonly calendar: WorkingCalendar;
  readonly policy: CasePolicy;
  private readonly decider: Decider<CaseCommand, CaseEvent, CaseState>;
  private readonly cases = new Map<string, CaseState>();

  constructor(options: { readonly calendar?: WorkingCalendar; readonly policy?: CasePolicy } = {}) {
    this.calendar = options.calendar ?? createWorkingCalendar();
    this.policy = options.policy ?? DEFAULT_CASE_POLICY;
    this.decider = createCaseDecider({ calendar: this.calendar, policy: this.policy });
  }

  get log(): readonly RecordedEvent[] {
    return this.ledger.log;
  }

  state(caseId: string): CaseState {
    return this.cases.get(caseId) ?? initialCaseState();
  }

  /** What the case context would decide, without recording it. */
  decide(command: CaseCommand): CaseEvent[] {
    return [...this.decider.decide(command, this.state(command.data.caseId))];
  }

  /** Decides a command with the case context's rules and records what it decides. */
  run(command: CaseCommand): RecordedEvent[] {
    const events = this.decide(command);
    const delegationId = events
      .map((e) => (e.data as { delegationId?: unknown }).delegationId)
      .find((id): id is string => typeof id === 'string');
    const metadata = this.ledger.metadata(command.metadata.actor, command.metadata.now, delegationId);
    return events.map((event) => this.append(command.data.caseId, event, metadata));
  }

  /** Records a case event as given: the deciders are not asked. */
  record(caseId: string, event: CaseEvent, actor: Actor, now: string, delegationId?: string): RecordedEvent {
    return this.append(caseId, event, this.ledger.metadata(actor, now, delegationId));
  }

  /** Records an event of another stream (delegations, officials, standards, batches). */
  other(streamId: string, type: string, data: unknown, actor: Actor, now: string): RecordedEvent {
    return this.ledger.append(streamId, type, data, this.ledger.metadata(actor, now));
  }

  private append(caseId: string, event: CaseEvent, metadata: ReturnType<TestLedger['metadata']>): RecordedEvent {
    const recorded = this.ledger.append(caseStreamId(caseId), event.type, event.data, metadata);
    this.cases.set(caseId, evolveCase(this.state(caseId), event));
    return recorded;
  }
}
