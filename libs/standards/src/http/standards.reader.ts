import type { YearMonth } from '@app/calendar';
import { load } from '@app/ledger/command-handler';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { revisionJson } from '@app/platform/http/command-result.view';
import { Inject, Injectable } from '@nestjs/common';
import type { Programme } from '../standards.events';
import { type StandardInForce, standardInForce, standardStreamId } from '../standards.queries';
import type { StandardsState } from '../standards.state';
import { STANDARDS_DECIDER, type StandardsDecider } from './standards.providers';

/** Standards as recorded now, for other contexts that decide with them (a case's proposal, a payment). */
@Injectable()
export class StandardsReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STANDARDS_DECIDER) private readonly decider: StandardsDecider,
  ) {}

  /** One region's standards with the revision they were read at; null when none was ever set. */
  async read(region: string): Promise<{ readonly state: StandardsState; readonly revision: number | null }> {
    const { state, revision } = await load(this.store, this.decider, standardStreamId(region));
    return { state, revision: revisionJson(revision) };
  }

  /**
   * The standard in force for a month in the first region, most specific first, that has one:
   * `inForce(standardRegionsFor('330602001'), 'dibao', '2021-01')` asks 330602, then 3306.
   */
  async inForce(
    regionCandidates: readonly string[],
    programme: Programme,
    month: YearMonth,
  ): Promise<StandardInForce | undefined> {
    for (const region of regionCandidates) {
      const { state } = await this.read(region);
      const found = standardInForce(state, programme, month);
      if (found) return found;
    }
    return undefined;
  }
}
