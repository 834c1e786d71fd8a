import { load } from '@app/ledger/command-handler';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { Inject, Injectable } from '@nestjs/common';
import type { CreditState } from '../credit.decider';
import { householdStreamId } from '../credit.events';
import type { CreditPolicy } from '../credit.policy';
import { type CreditStanding, creditStanding, worstStanding } from '../credit.queries';
import { householdIdOf } from '../household-id';
import { CREDIT_DECIDER, CREDIT_POLICY, type CreditDecider } from './credit.providers';

/**
 * A household's credit as recorded now, read from its stream (not the read model), so intake
 * never acts on a stale grade.
 */
@Injectable()
export class CreditReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CREDIT_DECIDER) private readonly decider: CreditDecider,
    @Inject(CREDIT_POLICY) private readonly policy: CreditPolicy,
  ) {}

  async read(householdId: string): Promise<{ readonly state: CreditState; readonly exists: boolean }> {
    const { state, revision } = await load(this.store, this.decider, householdStreamId(householdId));
    return { state, exists: revision !== 'no-stream' };
  }

  /**
   * The standing intake must respect for an application by these people: each member may key a
   * household with records (whoever applied before), and the worst standing among them counts.
   * Null when none of them has a record.
   */
  async standingOf(idNumbers: readonly string[], at: string): Promise<CreditStanding | null> {
    const standings: CreditStanding[] = [];
    for (const householdId of new Set(idNumbers.map(householdIdOf))) {
      const { state, exists } = await this.read(householdId);
      if (exists) standings.push(creditStanding(householdId, state.records, this.policy, at));
    }
    return worstStanding(standings);
  }
}
