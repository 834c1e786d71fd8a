import { addDays, isIsoDate, toDayNumber } from '@app/calendar';
import type { AccessLogEvent, CaseHistoryRead } from './access-log.events';

/** The widest range of days one query of the access log reads. */
export const MAX_ACCESS_DAYS = 92;

/**
 * The days from `from` to `to`, both included. Throws RangeError naming the bound that is no date,
 * a range that runs backwards, or one longer than MAX_ACCESS_DAYS.
 */
export function daysBetween(from: string, to: string): readonly string[] {
  if (!isIsoDate(from)) throw new RangeError(`from must be a date YYYY-MM-DD (got ${JSON.stringify(from)})`);
  if (!isIsoDate(to)) throw new RangeError(`to must be a date YYYY-MM-DD (got ${JSON.stringify(to)})`);
  const count = toDayNumber(to) - toDayNumber(from) + 1;
  if (count < 1) throw new RangeError(`to (${to}) is before from (${from})`);
  if (count > MAX_ACCESS_DAYS) throw new RangeError(`the range has ${count} days; at most ${MAX_ACCESS_DAYS} are read at once`);
  return Array.from({ length: count }, (_, day) => addDays(from, day));
}

/** The reads of one case's history among a day's access events, in the order they were recorded. */
export function readsOfCase(events: readonly AccessLogEvent[], caseId: string): CaseHistoryRead[] {
  return events.filter((event) => event.type === 'CaseHistoryRead' && event.data.caseId === caseId);
}
