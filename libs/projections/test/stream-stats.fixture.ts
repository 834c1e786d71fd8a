import type { EventStore, RecordedEvent } from '@app/ledger';
import { LOG_START } from '@app/ledger';
import { randomUUID } from 'node:crypto';
import { type Projection, readProjection, type ReadStore } from '../src';

export const STATS = 'stream_stats';
const HANDLED = ['Opened', 'Noted', 'Closed'];

export interface StatsRow {
  readonly stream_id: string;
  readonly event_count: number;
  readonly last_type: string;
  readonly last_revision: number;
}

/**
 * Handled events per stream and the last one's type. Idempotent: a revision at or below the one
 * recorded has been applied already. `gate`, when set, holds every apply until it resolves.
 */
export function streamStats(control: { gate?: Promise<void>; entered?: () => void } = {}, version = 1): Projection {
  return {
    name: STATS,
    version,
    runsWhere: 'async',
    handles: HANDLED,
    tables: ['streams'],
    async setup(tx, table) {
      await tx.exec(`CREATE TABLE IF NOT EXISTS ${table('streams')} (
        stream_id TEXT PRIMARY KEY,
        event_count INTEGER NOT NULL,
        last_type TEXT NOT NULL,
        last_revision INTEGER NOT NULL)`);
    },
    async apply(tx, event, table) {
      if (control.gate) {
        control.entered?.();
        await control.gate;
      }
      const t = table('streams');
      // Queued: the runner's batch sends its writes without waiting for each answer.
      tx.queue(
        `INSERT INTO ${t} (stream_id, event_count, last_type, last_revision) VALUES (?, 1, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET event_count = ${t}.event_count + 1,
           last_type = excluded.last_type, last_revision = excluded.last_revision
         WHERE excluded.last_revision > ${t}.last_revision`,
        [event.streamId, event.type, Number(event.revision)],
      );
    },
  };
}

function metadata() {
  return {
    actor: { id: 'official-1', role: 'township-approver', unit: '330602001' },
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: '2021-03-01T08:00:00.000Z',
  };
}

export async function appendOne(store: EventStore, streamId: string, type: string) {
  return store.append(streamId, [{ eventId: randomUUID(), type, data: { type }, metadata: metadata() }], {
    expectedRevision: 'any',
    commandId: randomUUID(),
  });
}

/** 20 streams of 15 events (a quarter of a type no projection handles) and one unhandled stream: 315 events. */
export async function feed(store: EventStore): Promise<void> {
  const typeAt = (round: number) => (round === 0 ? 'Opened' : round === 14 ? 'Closed' : round % 4 === 2 ? 'Ignored' : 'Noted');
  for (let round = 0; round < 15; round += 3) {
    for (let s = 0; s < 20; s++) {
      const events = [round, round + 1, round + 2].map((r) => {
        const type = typeAt(r);
        return { eventId: randomUUID(), type, data: { r }, metadata: metadata() };
      });
      await store.append(`s-${String(s).padStart(2, '0')}`, events, { expectedRevision: 'any', commandId: randomUUID() });
    }
    await appendOne(store, 'other', 'Ignored');
    await appendOne(store, 'other', 'Ignored');
    await appendOne(store, 'other', 'Ignored');
  }
}

export async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = LOG_START; ; ) {
    const page = await store.readAll({ from, maxCount: 1000 });
    events.push(...page.events);
    from = page.next;
    if (page.isEnd) return events;
  }
}

/** What the projection should hold after `events`, computed without SQL. */
export function expectedRows(events: readonly RecordedEvent[]): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const event of events) {
    if (!HANDLED.includes(event.type)) continue;
    const before = rows.get(event.streamId);
    rows.set(event.streamId, {
      stream_id: event.streamId,
      event_count: (before?.event_count ?? 0) + 1,
      last_type: event.type,
      last_revision: Number(event.revision),
    });
  }
  return [...rows.values()].sort((a, b) => a.stream_id.localeCompare(b.stream_id));
}

export function handledCount(events: readonly RecordedEvent[]): number {
  return events.filter((event) => HANDLED.includes(event.type)).length;
}

export async function readRows(store: ReadStore): Promise<StatsRow[]> {
  const rows = await readProjection(store, STATS, (s, table) =>
    s.all<StatsRow>(`SELECT stream_id, event_count, last_type, last_revision FROM ${table('streams')} ORDER BY stream_id`),
  );
  return rows.map((row) => ({ ...row, event_count: Number(row.event_count), last_revision: Number(row.last_revision) }));
}
