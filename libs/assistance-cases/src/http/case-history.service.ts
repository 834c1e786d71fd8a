import {
  type AccessLogDecider,
  type AccessLogEvent,
  accessStreamId,
  createAccessLogDecider,
  daysBetween,
  readsOfCase,
} from '@app/access-log';
import { dateInChina } from '@app/calendar';
import type { Actor, RecordedEvent } from '@app/ledger/envelope';
import { StreamNotFoundError } from '@app/ledger/errors';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import {
  actingRole,
  type Clock,
  CLOCK,
  CommandExecutor,
  type HttpCommandContext,
  RequestValidationException,
  type Role,
  toJsonNumber,
} from '@app/platform';
import { COMMAND_ID_NAMESPACE, uuidV5 } from '@app/platform/http/command-id';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseEvent } from '../case.events';
import { assertWithin } from './case-access';
import { caseStreamIdOf } from './case-inputs';
import { type CaseView, toCaseView } from './case.view';
import { CASE_DECIDER, type CaseDecider } from './cases.providers';

/** Who may read a case history: oversight of any case in their unit, and the township's own staff. */
export const HISTORY_READERS: readonly Role[] = Object.freeze([
  'discipline-inspector',
  'auditor',
  'supervisor',
  'county-reviewer',
  'intake-clerk',
  'township-approver',
] as Role[]);
/** Oversight roles state why they read; the purpose goes into the access log. */
export const PURPOSE_REQUIRED: readonly Role[] = Object.freeze(['discipline-inspector', 'auditor'] as Role[]);
/** Who may see who read a case history. */
export const ACCESS_LOG_READERS: readonly Role[] = Object.freeze(['discipline-inspector', 'auditor'] as Role[]);

export type AsOf =
  | { readonly kind: 'latest' }
  | { readonly kind: 'revision'; readonly revision: bigint }
  | { readonly kind: 'instant'; readonly instant: string };

/** A validated `asOf` parameter: plain digits are a revision, anything else an instant. */
export function parseAsOf(value: string | undefined): AsOf {
  if (value === undefined) return { kind: 'latest' };
  return /^\d+$/.test(value) ? { kind: 'revision', revision: BigInt(value) } : { kind: 'instant', instant: value };
}

/** The events a stream held at a point: revisions 0..asOf, or those recorded at or before an instant. */
export function eventsAsOf<E extends RecordedEvent>(events: readonly E[], asOf: AsOf): E[] {
  switch (asOf.kind) {
    case 'latest':
      return [...events];
    case 'revision':
      return events.filter((event) => event.revision <= asOf.revision);
    case 'instant': {
      const at = Date.parse(asOf.instant);
      return events.filter((event) => Date.parse(event.recordedAt) <= at);
    }
    default: {
      const _exhaustive: never = asOf;
      return _exhaustive;
    }
  }
}

/** One event of a case history: what happened, who did it, when, under which delegation and standard. */
export interface HistoryEntry {
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly delegationId: string | null;
  readonly standardRef: unknown;
  readonly prevHash: string;
  readonly hash: string;
  /** The event's data without its personal data (names, ID numbers, accounts). */
  readonly data: unknown;
}

export function toHistoryEntry(event: RecordedEvent): HistoryEntry {
  const data = (event.data ?? {}) as { delegationId?: unknown; award?: { standard?: { standardRef?: unknown } } };
  const delegationId = event.metadata.delegationId ?? (typeof data.delegationId === 'string' ? data.delegationId : null);
  return {
    revision: toJsonNumber(event.revision),
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    delegationId,
    standardRef: data.award?.standard?.standardRef ?? null,
    prevHash: event.integrity.prevHash,
    hash: event.integrity.hash,
    data: withoutPersonal(event.data),
  };
}

function withoutPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'personal')
      .map(([key, inner]) => [key, withoutPersonal(inner)]),
  );
}

export interface CaseHistoryView {
  readonly caseId: string;
  readonly streamId: string;
  /** The point asked for, as asked; null for the whole history. */
  readonly asOf: string | null;
  /** The last revision the history holds at that point; null when the case did not exist yet. */
  readonly revision: number | null;
  readonly currentRevision: number;
  readonly events: readonly HistoryEntry[];
  /** The case as it stood at that point, its deadlines judged at the time of its last event then. */
  readonly state: CaseView;
  /** Where this read itself is recorded. */
  readonly accessRecord: { readonly streamId: string; readonly revision: number | null };
}

export interface CaseReadView {
  readonly readerId: string;
  readonly role: string;
  readonly unit: string;
  readonly purpose: string | null;
  readonly asOf: string | null;
  readonly readAt: string;
  readonly accessRecord: { readonly streamId: string; readonly revision: number };
}

export interface CaseReadersView {
  readonly caseId: string;
  readonly from: string;
  readonly to: string;
  readonly reads: readonly CaseReadView[];
}

@Injectable()
export class CaseHistoryService {
  private readonly accessLog: AccessLogDecider = createAccessLogDecider();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly executor: CommandExecutor,
  ) {}

  /**
   * The history up to a point and the case as it stood then. The read is recorded in the access
   * log before anything is returned; a refused read (role, jurisdiction, input) reads nothing and
   * is not recorded.
   */
  async read(
    caseId: string,
    query: { readonly asOf?: string; readonly purpose?: string },
    context: HttpCommandContext,
  ): Promise<CaseHistoryView> {
    const { role, all } = await this.readWithin(caseId, query, context);
    const events = eventsAsOf(all, parseAsOf(query.asOf));
    const state = events.reduce((s, event) => this.decider.evolve(s, event), this.decider.initialState());
    const last = events.at(-1);
    const judgedAt = query.asOf === undefined || last === undefined ? this.clock.now().toISOString() : last.metadata.occurredAt;

    const accessRecord = await this.record(caseId, role, query, context);
    return {
      caseId,
      streamId: caseStreamIdOf(caseId),
      asOf: query.asOf ?? null,
      revision: last === undefined ? null : toJsonNumber(last.revision),
      currentRevision: toJsonNumber(all[all.length - 1].revision),
      events: events.map(toHistoryEntry),
      state: toCaseView(state, judgedAt),
      accessRecord,
    };
  }

  /**
   * The whole case stream for a reader allowed to see it: the role must be a history reader, an
   * inspector or auditor must state a purpose, and the case must lie in the reader's jurisdiction.
   * Nothing is recorded; callers record the read once they know it will be answered.
   */
  async readWithin(
    caseId: string,
    query: { readonly purpose?: string },
    context: HttpCommandContext,
  ): Promise<{ readonly role: Role; readonly all: RecordedEvent<CaseEvent>[] }> {
    const { principal } = context;
    const role = actingRole(principal, HISTORY_READERS);
    if (PURPOSE_REQUIRED.includes(role) && query.purpose === undefined) {
      throw new RequestValidationException([
        { field: 'purpose', message: `purpose is required of a ${role}: say why the case history is read (1 to 200 characters)` },
      ]);
    }
    const all = (await this.store.readStream(caseStreamIdOf(caseId))) as RecordedEvent<CaseEvent>[];
    const current = all.reduce((state, event) => this.decider.evolve(state, event), this.decider.initialState());
    assertWithin(principal, current.townshipCode);
    return { role, all };
  }

  /** Records a read of the whole history (an evidence bundle) in the access log. */
  recordRead(
    caseId: string,
    role: Role,
    query: { readonly asOf?: string; readonly purpose?: string },
    context: HttpCommandContext,
  ): Promise<CaseHistoryView['accessRecord']> {
    return this.record(caseId, role, query, context);
  }

  /** Who read the case's history on the China dates from..to (both included), in order of reading. */
  async readers(caseId: string, from: string, to: string, context: HttpCommandContext): Promise<CaseReadersView> {
    let days: readonly string[];
    try {
      days = daysBetween(from, to);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RequestValidationException([{ field: message.startsWith('from') ? 'from' : 'to', message }]);
    }
    const { state } = await this.executor.readState({ decider: this.decider, streamId: caseStreamIdOf(caseId) });
    assertWithin(context.principal, state.townshipCode);

    const reads: CaseReadView[] = [];
    for (const day of days) {
      const events = await this.readAccessStream(accessStreamId(day));
      for (const read of readsOfCase(events, caseId) as RecordedEvent<AccessLogEvent>[]) {
        const { caseId: _caseId, ...who } = read.data;
        reads.push({ ...who, accessRecord: { streamId: read.streamId, revision: toJsonNumber(read.revision) } });
      }
    }
    return { caseId, from, to, reads };
  }

  private async record(
    caseId: string,
    role: Role,
    query: { readonly asOf?: string; readonly purpose?: string },
    context: HttpCommandContext,
  ): Promise<CaseHistoryView['accessRecord']> {
    const now = this.clock.now().toISOString();
    const data = { caseId, purpose: query.purpose ?? null, asOf: query.asOf ?? null };
    const reader = context.principal.sub;
    // A retried read (same Idempotency-Key, or the same read at the same instant) is recorded once.
    const name =
      context.idempotencyKey === undefined
        ? ['case-history-read', reader, caseId, data.asOf, data.purpose, now]
        : ['case-history-read', reader, context.idempotencyKey];
    const result = await this.executor.run({
      // Reads never race a client's view of the access stream: no If-Match, so the command path retries.
      context: { principal: context.principal, correlationId: context.correlationId },
      decider: this.accessLog,
      streamId: accessStreamId(dateInChina(now)),
      role,
      type: 'RecordCaseHistoryRead',
      data,
      commandId: uuidV5(COMMAND_ID_NAMESPACE, JSON.stringify(name)),
    });
    return { streamId: result.streamId, revision: result.revision };
  }

  private async readAccessStream(streamId: string): Promise<RecordedEvent<AccessLogEvent>[]> {
    try {
      return (await this.store.readStream(streamId)) as RecordedEvent<AccessLogEvent>[];
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
