import type { DomainEvent } from '@app/ledger/envelope';

/** One read of a case history: who, in which role and unit, why, of which point in time, when. */
export type CaseHistoryRead = DomainEvent<
  'CaseHistoryRead',
  {
    readonly caseId: string;
    readonly readerId: string;
    readonly role: string;
    readonly unit: string;
    /** The purpose the reader stated; null when the role need not state one and did not. */
    readonly purpose: string | null;
    /** The point read as the reader asked for it (a revision or an instant); null for the whole history. */
    readonly asOf: string | null;
    readonly readAt: string;
  }
>;

export type AccessLogEvent = CaseHistoryRead;

export const ACCESS_LOG_EVENT_TYPES: readonly AccessLogEvent['type'][] = Object.freeze(['CaseHistoryRead']);

/** `access-<yyyymmdd>`: the reads of one China calendar day ('YYYY-MM-DD'). */
export function accessStreamId(chinaDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(chinaDate)) throw new RangeError(`not a date: ${JSON.stringify(chinaDate)}`);
  return `access-${chinaDate.replace(/-/g, '')}`;
}
