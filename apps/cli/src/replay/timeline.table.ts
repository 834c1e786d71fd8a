import type { HistoryEntry } from '@app/assistance-cases/http/case-history.service';

const SUMMARY_WIDTH = 60;
/** Fields that say most about an event, ahead of the rest (stores may return keys in any order). */
const SAID_FIRST: readonly string[] = ['programme', 'townshipCode', 'outcome', 'opinion', 'reasons', 'place', 'reportRef', 'mode', 'summary'];
const HEADERS = ['rev', 'recorded at', 'type', 'actor', 'delegation', 'summary'] as const;

/** The timeline as a plain-text table, one event a row, columns padded to their widest cell. */
export function renderTimeline(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((entry) => [
    String(entry.revision),
    entry.recordedAt,
    entry.type,
    `${entry.actor.id}/${entry.actor.role}/${entry.actor.unit}`,
    entry.delegationId ?? '-',
    summarise(entry),
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(HEADERS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A few words on what the event says: its award and standard when it has one, else its first plain fields. */
export function summarise(entry: HistoryEntry): string {
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const award = data.award as { monthlyAmountFen?: unknown } | undefined;
  const parts: string[] = [];
  if (award && typeof award.monthlyAmountFen === 'number') parts.push(`${(award.monthlyAmountFen / 100).toFixed(2)} 元/month`);
  const ref = entry.standardRef as { id?: unknown } | null;
  if (ref && typeof ref.id === 'string') parts.push(`standard ${ref.id}`);
  const keys = [...SAID_FIRST.filter((key) => key in data), ...Object.keys(data).filter((key) => !SAID_FIRST.includes(key))];
  for (const key of keys) {
    if (parts.length >= 3) break;
    const value = data[key];
    if (key.endsWith('Id')) continue;
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}=${value}`);
    else if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
      parts.push(`${key}=${value.join('；')}`);
    }
  }
  const text = parts.join(', ');
  return text.length > SUMMARY_WIDTH ? `${text.slice(0, SUMMARY_WIDTH - 1)}…` : text;
}
