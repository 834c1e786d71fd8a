import type { CampaignScope } from './inspection.events';

/** The sample size a scope asks of a population of `count` cases: sampleSize, or ceil(ratio × count); never more than there are. */
export function sampleSizeFor(scope: Pick<CampaignScope, 'sampleSize' | 'sampleRatio'>, count: number): number {
  const wanted = scope.sampleSize ?? Math.ceil((scope.sampleRatio ?? 0) * count - 1e-9);
  return Math.min(count, Math.max(0, wanted));
}
