import { inspectionDecider } from '@app/inspections/inspection.decider';
import { inspectionStreamId, type InspectionEvent } from '@app/inspections/inspection.events';
import { computeDraw, PopulationFold, POPULATION_DEFINITION, SAMPLE_ALGORITHM } from '@app/inspections/inspection-sampling';
import { scanLogPrefix } from '@app/inspections/inspection-log-prefix';
import type { SignedTreeHead } from '@app/integrity/merkle/tree-head';
import { verifyTreeHead } from '@app/integrity/merkle/tree-head';
import { fold } from '@app/ledger/decider';
import type { EventStore, RecordedEvent } from '@app/ledger';

export interface SampleCheck {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/**
 * Recomputes a campaign's draw from the ledger alone: the recorded tree head's signature, its root
 * against the root of the log's first treeSize events, the opening inside those events and before
 * the head, then the seed, the population and the sample, each compared with what was recorded.
 */
export async function verifyCampaignSample(store: EventStore, campaignId: string, publicKeyPem: string): Promise<SampleCheck> {
  const events = (await store.readStream(inspectionStreamId(campaignId))) as RecordedEvent<InspectionEvent>[];
  const state = fold(inspectionDecider, events);
  const draw = state.draw;
  if (state.scope === null || draw === null) return { ok: false, lines: [`campaign ${campaignId} has no drawn sample`] };
  const lines: string[] = [];
  let ok = true;
  const check = (pass: boolean, good: string, bad: string) => {
    lines.push(`${pass ? 'ok  ' : 'FAIL'} ${pass ? good : bad}`);
    ok &&= pass;
  };
  const head = draw.treeHead as SignedTreeHead;
  const signature = verifyTreeHead(head, publicKeyPem);
  check(signature.ok, `tree head of size ${head.treeSize} signed by key ${head.keyId}`, `tree head signature: ${signature.ok ? '' : signature.reason}`);
  check(Date.parse(head.timestamp) > Date.parse(state.openedAt ?? ''), `tree head signed ${head.timestamp}, after the opening ${state.openedAt}`, `tree head signed ${head.timestamp}, not after the opening ${state.openedAt}`);
  check(draw.algorithm === SAMPLE_ALGORITHM && draw.population.definition === POPULATION_DEFINITION, `algorithm ${draw.algorithm}`, `unknown algorithm or population definition: ${draw.algorithm} / ${draw.population.definition}`);

  const population = new PopulationFold();
  const openingId = events[0]?.eventId;
  let openingLeaf = -1;
  const scanned = await scanLogPrefix(store, head.treeSize, (event, leaf) => {
    if (event.eventId === openingId) openingLeaf = leaf;
    population.offer(event);
  });
  check(scanned.size === head.treeSize && scanned.rootHash === head.rootHash, `root ${head.rootHash} recomputed from the log's first ${head.treeSize} events`, `the log's first ${scanned.size} events hash to ${scanned.rootHash}, the recorded head says ${head.rootHash}`);
  check(openingLeaf >= 0, `the opening is leaf ${openingLeaf}, inside the head`, 'the opening is not among the events the head covers');

  const recomputed = computeDraw(campaignId, state.scope, head, population.population(state.scope));
  check(recomputed.seed === draw.seed, `seed ${draw.seed}`, `seed recomputes to ${recomputed.seed}, recorded ${draw.seed}`);
  check(
    recomputed.population.hash === draw.population.hash && recomputed.population.caseIds.length === draw.population.count,
    `population of ${draw.population.count} cases, hash ${draw.population.hash}`,
    `population recomputes to ${recomputed.population.caseIds.length} cases, hash ${recomputed.population.hash}; recorded ${draw.population.count}, ${draw.population.hash}`,
  );
  const want = recomputed.sample.map((s) => s.caseId);
  const got = draw.sample.map((s) => s.caseId);
  const same = want.length === got.length && want.every((id, i) => id === got[i]) && recomputed.sample.every((s, i) => s.rank === draw.sample[i]!.rank);
  check(same, `sample of ${got.length}: ${got.join(', ')}`, `sample recomputes to ${want.join(', ')}; recorded ${got.join(', ')}`);
  return { ok, lines };
}
