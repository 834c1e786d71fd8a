import { load } from '@app/ledger/command-handler';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { revisionJson } from '@app/platform/http/command-result.view';
import { Inject, Injectable } from '@nestjs/common';
import type { DelegationState } from '../delegation.decider';
import { delegationStreamId, type Programme } from '../delegation.events';
import { type DelegationExplanation, explainDelegation } from '../delegation.queries';
import { DELEGATION_DECIDER, type DelegationDecider } from './delegation.providers';

/** A township's delegations as recorded now, for decisions taken under delegated power. */
@Injectable()
export class DelegationReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DELEGATION_DECIDER) private readonly decider: DelegationDecider,
  ) {}

  /** The township's register with the revision it was read at; null when it never held a delegation. */
  async read(townshipCode: string): Promise<{ readonly state: DelegationState; readonly revision: number | null }> {
    const { state, revision } = await load(this.store, this.decider, delegationStreamId(townshipCode));
    return { state, revision: revisionJson(revision) };
  }

  /**
   * Whether the township may decide a case of `programme` at `at` under delegated power, and why
   * not; `revision` is the register's revision the answer rests on. For 'temporary' the amount is
   * required. Throws RangeError on an `at` that is no ISO instant with an offset.
   */
  async explain(
    townshipCode: string,
    at: string,
    programme: Programme,
    amountFen?: number,
  ): Promise<{ readonly explanation: DelegationExplanation; readonly revision: number | null }> {
    const { state, revision } = await this.read(townshipCode);
    return { explanation: explainDelegation(state, at, programme, amountFen), revision };
  }
}
