import { monthOf } from '@app/calendar';
import { CreditReader } from '@app/credit/http/credit.reader';
import { DelegationReader } from '@app/delegation/http/delegation.reader';
import { load } from '@app/ledger/command-handler';
import { DomainError } from '@app/ledger/domain';
import { StreamNotFoundError } from '@app/ledger/errors';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { type Clock, CLOCK } from '@app/platform';
import { StandardsReader } from '@app/standards/http/standards.reader';
import { standardRegionsFor } from '@app/standards/standards.queries';
import { Inject, Injectable } from '@nestjs/common';
import type { CreditStandingInput, NearRelativeMatch } from '../case.commands';
import type { CaseState } from '../case.state';
import type { DelegationExplanation, StandardSnapshot } from '../case.values';
import { CASE_DECIDER, type CaseDecider } from './cases.providers';
import { NearRelativeRegister } from './near-relative-register';

export function caseStreamIdOf(caseId: string): string {
  return `case-${caseId}`;
}

/**
 * What a case decision needs from outside its own stream, looked up by the API so the decider
 * stays pure: the delegation in force now, the standard in force this month, declared relatives.
 */
@Injectable()
export class CaseInputs {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly standards: StandardsReader,
    private readonly delegations: DelegationReader,
    private readonly relatives: NearRelativeRegister,
    private readonly credit: CreditReader,
  ) {}

  /** The case as it stands; 404 when it was never submitted. */
  async caseState(caseId: string): Promise<CaseState> {
    const { state, revision } = await load(this.store, this.decider, caseStreamIdOf(caseId));
    if (revision === 'no-stream') throw new StreamNotFoundError(caseStreamIdOf(caseId));
    return state;
  }

  /** The standard of the case's programme in force for the current month, most local region first. */
  async standard(state: CaseState): Promise<StandardSnapshot | undefined> {
    if (state.programme === 'temporary' || state.programme === null || state.townshipCode === null) return undefined;
    const programme = state.programme === 'dibao' ? 'dibao' : 'tekun-basic';
    const month = monthOf(this.clock.now().toISOString());
    const regions = standardRegionsFor(state.townshipCode);
    const found = await this.standards.inForce(regions, programme, month);
    if (!found) {
      throw DomainError.conflict(
        'no-standard-in-force',
        `no ${programme} standard is in force for ${month} in ${regions.join(' or ')}`,
        { programme, month, regions: [...regions] },
      );
    }
    return found;
  }

  /** Whether the case's township holds delegated power for it now (and for this amount, 临时救助). */
  async delegation(state: CaseState, amountFen?: number): Promise<DelegationExplanation> {
    if (state.programme === null || state.townshipCode === null) {
      throw DomainError.conflict('case-not-submitted', 'the case has no application yet');
    }
    const oneOff = state.opinion?.proposal?.kind === 'one-off' ? state.opinion.proposal.amountFen : undefined;
    const amount = state.programme === 'temporary' ? (amountFen ?? oneOff ?? 0) : undefined;
    const { explanation } = await this.delegations.explain(
      state.townshipCode,
      this.clock.now().toISOString(),
      state.programme,
      amount,
    );
    return explanation;
  }

  /** Members who are declared near relatives of active officials. */
  nearRelativeMatches(idNumbers: readonly string[]): Promise<NearRelativeMatch[]> {
    return this.relatives.matches(idNumbers);
  }

  /** The worst 诚信 standing among the households the members key, now; null when none has a record. */
  creditStanding(idNumbers: readonly string[]): Promise<CreditStandingInput | null> {
    return this.credit.standingOf(idNumbers, this.clock.now().toISOString());
  }
}
