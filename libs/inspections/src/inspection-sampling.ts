import { createHash, createHmac } from 'node:crypto';
import type { CampaignScope, DrawTreeHead, SampledCase } from './inspection.events';
import { sampleSizeFor } from './inspection.sample-size';

/**
 * The sample of a campaign, recomputable by anyone from the ledger (DESIGN §6):
 *
 * 1. Tree head: the first signed tree head whose timestamp is after the campaign's openedAt and
 *    whose tree covers the InspectionCampaignOpened event (the HTTP layer picks it; nobody chooses).
 * 2. Population (POPULATION_DEFINITION): over the first `treeSize` events of the global log, in log
 *    order, every `case-<id>` stream whose ApplicationSubmitted names a township and programme of
 *    the scope, that has a CaseApproved and no CaseRejected or CaseTerminated after its last
 *    approval: the cases on the rolls (在册) at that tree size. Sorted by case id (code-unit order).
 * 3. Seed: SHA-256 of the UTF-8 text `${campaignId}|${rootHash}|${treeSize}`, hex.
 * 4. Rank: HMAC-SHA-256 keyed with the seed's 32 bytes over the case id (UTF-8), hex; the sample is
 *    the first k cases by ascending rank (ties, never seen in practice, by case id), with
 *    k = sampleSize, or ceil(sampleRatio × population), at most the population.
 * The population is recorded as its count and the SHA-256 of the sorted ids joined by '\n'.
 */
export const SAMPLE_ALGORITHM = 'inspection-sample/v1 (seed=sha256(campaignId|rootHash|treeSize); rank=hmac-sha256(seed,caseId) ascending)';
export const POPULATION_DEFINITION = 'cases/approved-not-ended/in-scope/at-tree-size/v1';

export interface PopulationCase {
  readonly caseId: string;
  readonly townshipCode: string;
  readonly programme: string;
}

export interface ComputedDraw {
  readonly algorithm: string;
  readonly seed: string;
  readonly population: { readonly definition: string; readonly caseIds: readonly string[]; readonly hash: string };
  readonly sample: readonly SampledCase[];
}

/** The events the population is folded from: a log event reduced to what matters. */
export interface LogEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
}

const CASE_STREAM = 'case-';

interface Folded {
  townshipCode: string | null;
  programme: string | null;
  onRolls: boolean;
}

/** Folds log events in order into the cases on the rolls; offer exactly the first treeSize events. */
export class PopulationFold {
  private readonly cases = new Map<string, Folded>();

  offer(event: LogEvent): void {
    if (!event.streamId.startsWith(CASE_STREAM)) return;
    const caseId = event.streamId.slice(CASE_STREAM.length);
    const data = (event.data ?? {}) as { townshipCode?: unknown; programme?: unknown };
    switch (event.type) {
      case 'ApplicationSubmitted':
        this.cases.set(caseId, {
          townshipCode: typeof data.townshipCode === 'string' ? data.townshipCode : null,
          programme: typeof data.programme === 'string' ? data.programme : null,
          onRolls: false,
        });
        return;
      case 'CaseApproved':
        this.with(caseId, (c) => (c.onRolls = true));
        return;
      case 'CaseRejected':
      case 'CaseTerminated':
        this.with(caseId, (c) => (c.onRolls = false));
        return;
      default:
        return;
    }
  }

  /** The cases of the scope on the rolls, sorted by case id. */
  population(scope: Pick<CampaignScope, 'townships' | 'programmes'>): PopulationCase[] {
    const townships = new Set(scope.townships);
    const programmes = new Set<string>(scope.programmes);
    const out: PopulationCase[] = [];
    for (const [caseId, c] of this.cases) {
      if (!c.onRolls || c.townshipCode === null || c.programme === null) continue;
      if (townships.has(c.townshipCode) && programmes.has(c.programme)) out.push({ caseId, townshipCode: c.townshipCode, programme: c.programme });
    }
    return out.sort((a, b) => compare(a.caseId, b.caseId));
  }

  private with(caseId: string, change: (c: Folded) => void): void {
    const c = this.cases.get(caseId);
    if (c) change(c);
  }
}

export function drawSeed(campaignId: string, head: Pick<DrawTreeHead, 'rootHash' | 'treeSize'>): string {
  return createHash('sha256').update(`${campaignId}|${head.rootHash}|${head.treeSize}`, 'utf8').digest('hex');
}

export function populationHash(sortedCaseIds: readonly string[]): string {
  return createHash('sha256').update(sortedCaseIds.join('\n'), 'utf8').digest('hex');
}

export function rankOf(seed: string, caseId: string): string {
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(caseId, 'utf8').digest('hex');
}

/** The first k cases of the population by rank under the seed. */
export function rankSample(seed: string, population: readonly PopulationCase[], k: number): SampledCase[] {
  return population
    .map((c) => ({ caseId: c.caseId, townshipCode: c.townshipCode, programme: c.programme, rank: rankOf(seed, c.caseId) }))
    .sort((a, b) => compare(a.rank, b.rank) || compare(a.caseId, b.caseId))
    .slice(0, k);
}

/** The whole draw from a population and a tree head, as the DrawSample command carries it. */
export function computeDraw(
  campaignId: string,
  scope: Pick<CampaignScope, 'sampleSize' | 'sampleRatio'>,
  head: Pick<DrawTreeHead, 'rootHash' | 'treeSize'>,
  population: readonly PopulationCase[],
): ComputedDraw {
  const seed = drawSeed(campaignId, head);
  const caseIds = population.map((c) => c.caseId);
  return {
    algorithm: SAMPLE_ALGORITHM,
    seed,
    population: { definition: POPULATION_DEFINITION, caseIds, hash: populationHash(caseIds) },
    sample: rankSample(seed, population, sampleSizeFor(scope, population.length)),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
