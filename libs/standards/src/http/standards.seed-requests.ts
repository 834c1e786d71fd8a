import type { SetStandardData } from '../standards.commands';

/** One POST /standards/:region an admin sends to record a standard. */
export interface SetStandardRequest {
  readonly method: 'POST';
  readonly path: string;
  /** The same for the same standard and value, so a rerun of the seed is recognised as a retry. */
  readonly idempotencyKey: string;
  readonly body: Omit<SetStandardData, 'region'>;
}

/**
 * The requests that record a seed (SHAOXING_2020_STANDARDS) through the command path, in the
 * order given: the decider checks each against those before it.
 */
export function setStandardRequests(entries: readonly SetStandardData[]): SetStandardRequest[] {
  return entries.map(({ region, ...body }) => ({
    method: 'POST',
    path: `/standards/${region}`,
    idempotencyKey: `set-standard ${region}/${body.programme}/${body.effectiveFrom} ${body.monthlyFen}`,
    body,
  }));
}
