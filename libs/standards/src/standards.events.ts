import type { DomainEvent } from '@app/ledger/envelope';

/** The assistance programmes that have a monthly standard (元/person·month, held in fen). */
export const PROGRAMMES = ['dibao', 'tekun-basic', 'orphan-institutional', 'orphan-dispersed'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export function isProgramme(value: unknown): value is Programme {
  return typeof value === 'string' && (PROGRAMMES as readonly string[]).includes(value);
}

/**
 * A standard in force from a month's first day until the next one of the same programme. Setting
 * a standard for a date that already has one corrects it: the later event wins.
 */
export type StandardSet = DomainEvent<
  'StandardSet',
  {
    /** 4-digit city or 6-digit county code; the stream is `standard-<region>`. */
    readonly region: string;
    readonly programme: Programme;
    readonly monthlyFen: number;
    /** 'YYYY-MM-DD', always the first day of a month. */
    readonly effectiveFrom: string;
    /** The enacting document, e.g. its number (文号). */
    readonly document?: string;
    /** Id of the official who set it. */
    readonly setBy: string;
  }
>;

export type StandardsEvent = StandardSet;
