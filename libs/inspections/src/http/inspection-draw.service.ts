import { load } from '@app/ledger/command-handler';
import { DomainError } from '@app/ledger/domain';
import { StreamNotFoundError } from '@app/ledger/errors';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';
import { INTEGRITY_STORE } from '@app/integrity/nest';
import { findLeaf, readTreeHeads } from '@app/integrity/notary';
import type { ReadStore } from '@app/projections';
import { Inject, Injectable } from '@nestjs/common';
import type { DrawSample } from '../inspection.commands';
import { inspectionDecider } from '../inspection.decider';
import { inspectionStreamId } from '../inspection.events';
import { computeDraw, PopulationFold } from '../inspection-sampling';
import { scanLogPrefix } from '../inspection-log-prefix';

/**
 * Finds what a draw rests on, so nobody picks it: the first signed tree head timestamped after
 * the campaign opened whose tree covers the opening event; folds the population from the first
 * treeSize events of the log (checking they hash to the head's root) and ranks the sample.
 */
@Injectable()
export class InspectionDrawService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY_STORE) private readonly integrity: ReadStore,
  ) {}

  async drawData(campaignId: string): Promise<DrawSample['data']> {
    const streamId = inspectionStreamId(campaignId);
    const { state, revision, events } = await load(this.store, inspectionDecider, streamId, 0n);
    if (revision === 'no-stream' || state.scope === null || state.openedAt === null) throw new StreamNotFoundError(streamId);
    const full = await load(this.store, inspectionDecider, streamId);
    if (full.state.draw !== null) {
      // The decider refuses it (or the executor replays a retried request); nothing to compute.
      const d = full.state.draw;
      return { treeHead: d.treeHead, algorithm: d.algorithm, seed: d.seed, population: { definition: d.population.definition, caseIds: [], hash: d.population.hash }, sample: d.sample };
    }
    const opening = await findLeaf(this.integrity, { eventId: events[0]!.eventId });
    if (!opening) throw DomainError.conflict('opening-not-notarised', 'the campaign opening is not in the Merkle log yet: draw once the notary has signed a tree head after it');
    const head = await this.firstHeadAfter(state.openedAt, opening.leafIndex + 1);
    const fold = new PopulationFold();
    const scanned = await scanLogPrefix(this.store, head.treeSize, (event) => fold.offer(event));
    if (scanned.size !== head.treeSize || scanned.rootHash !== head.rootHash) {
      throw new Error(`the log's first ${head.treeSize} events hash to ${scanned.rootHash}, the signed head says ${head.rootHash}: run ledger verify`);
    }
    const draw = computeDraw(campaignId, state.scope, head, fold.population(state.scope));
    return { treeHead: { ...head }, ...draw };
  }

  private async firstHeadAfter(openedAt: string, minSize: number): Promise<SignedTreeHead> {
    const opened = Date.parse(openedAt);
    for (let from = minSize; ; ) {
      const page = await readTreeHeads(this.integrity, from, 200);
      const found = page.find((h) => Date.parse(h.timestamp) > opened);
      if (found) return found;
      if (page.length < 200) break;
      from = page[page.length - 1]!.treeSize + 1;
    }
    throw DomainError.conflict('no-tree-head-yet', 'no tree head has been signed since the campaign opened: draw once the notary has signed one', { openedAt });
  }
}
