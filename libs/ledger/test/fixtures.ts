import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from '../src';
import { LOG_START } from '../src';

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actor: { id: 'official-1', role: 'township-approver', unit: '330602001' },
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: '2021-03-01T08:00:00.000Z',
    ...overrides,
  };
}

export function newEvent(type: string, data: Record<string, unknown> = { n: 1 }, eventId: string = randomUUID()): NewEvent {
  return { eventId, type, data, metadata: metadata() };
}

/** Appends n single-event commands to a stream. */
export async function appendN(store: EventStore, streamId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.append(streamId, [newEvent('Recorded', { i })], { expectedRevision: 'any', commandId: randomUUID() });
  }
}

export async function readWholeLog(store: EventStore, pageSize = 1000): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from = LOG_START;
  for (;;) {
    const page = await store.readAll({ from, maxCount: pageSize });
    events.push(...page.events);
    from = page.next;
    if (page.isEnd) return events;
  }
}
