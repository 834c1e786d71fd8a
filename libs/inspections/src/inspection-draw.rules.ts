import { DomainError } from '@app/ledger/domain';
import type { DrawSample } from './inspection.commands';
import type { InspectionSampleDrawn } from './inspection.events';
import { sampleSizeFor } from './inspection.sample-size';
import type { InspectionState } from './inspection.state';

const HEX64 = /^[0-9a-f]{64}$/;

type Drawn = Omit<InspectionSampleDrawn['data'], 'campaignId' | 'drawnAt' | 'drawnBy'>;

/**
 * What the decider can check of a draw without hashing: that the campaign has none yet, that the
 * tree head was signed after the campaign opened (so nobody knew its root when the scope was
 * fixed), that the population is a sorted list of distinct case ids, and that the sample is the
 * size the scope asks, of distinct cases of that population in the campaign's townships. The seed,
 * the population hash and the ranking are recomputed by `ledger sample verify`.
 */
export function checkDraw(command: DrawSample, state: InspectionState): Drawn {
  if (state.draw !== null) {
    throw DomainError.conflict('sample-already-drawn', `the sample was drawn at ${state.draw.drawnAt}`, { drawnAt: state.draw.drawnAt });
  }
  const d = command.data;
  const head = d.treeHead;
  if (!head || !Number.isSafeInteger(head.treeSize) || head.treeSize < 1) throw DomainError.invalid('treeHead.treeSize', 'treeHead.treeSize must be ≥ 1');
  if (typeof head.rootHash !== 'string' || !HEX64.test(head.rootHash)) throw DomainError.invalid('treeHead.rootHash', 'treeHead.rootHash must be 64 hex digits');
  if (typeof head.signature !== 'string' || head.signature.length === 0) throw DomainError.invalid('treeHead.signature', 'treeHead.signature is missing');
  const signedAt = Date.parse(head.timestamp);
  const openedAt = Date.parse(state.openedAt ?? '');
  if (Number.isNaN(signedAt)) throw DomainError.invalid('treeHead.timestamp', 'treeHead.timestamp must be an instant');
  if (!(signedAt > openedAt)) {
    throw DomainError.conflict('tree-head-before-opening', `the tree head was signed at ${head.timestamp}, not after the campaign opened (${state.openedAt})`, {
      signedAt: head.timestamp,
      openedAt: state.openedAt,
    });
  }
  if (typeof d.seed !== 'string' || !HEX64.test(d.seed)) throw DomainError.invalid('seed', 'seed must be 64 hex digits');
  if (typeof d.population?.hash !== 'string' || !HEX64.test(d.population.hash)) throw DomainError.invalid('population.hash', 'population.hash must be 64 hex digits');
  const ids = d.population.caseIds;
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) throw DomainError.invalid('population.caseIds', 'the population must be sorted and distinct');
  }
  const members = new Set(ids);
  const expected = sampleSizeFor(state.scope!, ids.length);
  if (d.sample.length !== expected) {
    throw DomainError.invalid('sample', `the scope asks ${expected} of ${ids.length} cases, the sample has ${d.sample.length}`);
  }
  const seen = new Set<string>();
  d.sample.forEach((s, i) => {
    if (!members.has(s.caseId) || seen.has(s.caseId)) throw DomainError.invalid(`sample[${i}].caseId`, `sample[${i}] is not a distinct case of the population`);
    if (!state.scope!.townships.includes(s.townshipCode)) throw DomainError.invalid(`sample[${i}].townshipCode`, `sample[${i}] is outside the scope`);
    seen.add(s.caseId);
  });
  return {
    algorithm: d.algorithm,
    treeHead: { treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, algorithm: head.algorithm, keyId: head.keyId, signature: head.signature },
    seed: d.seed,
    population: { definition: d.population.definition, count: ids.length, hash: d.population.hash },
    sample: d.sample.map((s) => ({ caseId: s.caseId, townshipCode: s.townshipCode, programme: s.programme, rank: s.rank })),
  };
}
