import type { Checkpoint, EventStore, RecordedEvent } from '@app/ledger';
import { StreamNotFoundError } from '@app/ledger/errors';
import type { ReadStore } from '@app/projections';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import { concat, concatMap, defer, filter, from, type Observable, of } from 'rxjs';
import type { Severity } from '../rules/integrity-rule';
import {
  type RoutingLevel,
  WARNING_EVENT_TYPES,
  WARNING_STREAM_PREFIX,
  type WarningEvent,
  warningStreamId,
} from '../warning.events';
import { type AlertView, evolveAlert } from '../read-models/alert.view';
import { openAlertsSnapshot } from '../read-models/alerts.query';

/** Who a stream is for, and what they narrowed it to. */
export interface AlertAudience {
  /** The caller's unit: only warnings of townships it covers. */
  readonly unit: string;
  readonly township?: string;
  /** Only alerts at (or leaving, or entering) one of these levels. */
  readonly levels?: readonly RoutingLevel[];
  readonly severities?: readonly Severity[];
}

/** One server-sent event. Without `id` the client's last event id stays what it was. */
export interface AlertMessage {
  readonly id?: Checkpoint;
  readonly event: string;
  readonly data: unknown;
}

/** The ledger event a live message stands for: its checkpoint is the message's id. */
export interface AlertChange {
  readonly eventId: string;
  readonly type: WarningEvent['type'];
  readonly revision: number;
  readonly occurredAt: string;
  readonly actor: { readonly id: string; readonly role: string };
}

export const SNAPSHOT_ALERT = 'OpenAlert';
export const SNAPSHOT_COMPLETE = 'SnapshotComplete';

const WARNING_TYPES: ReadonlySet<string> = new Set(WARNING_EVENT_TYPES);
/** Warnings of other jurisdictions remembered, so their later events need no read. */
const MAX_FOREIGN = 10_000;

/**
 * The alerts of one SSE connection: the open ones first (unless resuming), then every warning
 * event after, as it is appended. See README.md for the protocol.
 *
 * - Without `lastEventId`: the unclosed warnings of the read model together with the checkpoint
 *   they are exact at (`OpenAlert` each, no id), then `SnapshotComplete` with that checkpoint as
 *   id, then the log from exactly there.
 * - With `lastEventId`: the log from that checkpoint, nothing before.
 * The log is followed with EventStore.subscribe (catch-up then live, no gap or repeat at the
 * hand-over), so a message is never lost or sent twice across a reconnection.
 */
export class AlertFeed {
  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
  ) {}

  /** Reads the snapshot now (so that a failure is the request's error); the live part starts on subscription. */
  async open(audience: AlertAudience, lastEventId?: Checkpoint): Promise<Observable<AlertMessage>> {
    const follower = new AlertFollower(this.store, audience);
    if (lastEventId !== undefined) return follower.follow(lastEventId);
    const snapshot = await openAlertsSnapshot(this.readStore, audience.township ?? audience.unit);
    const shown = snapshot.alerts.filter((alert) => follower.remember(alert) && follower.shows(alert));
    const head: AlertMessage[] = [
      ...shown.map((alert) => ({ event: SNAPSHOT_ALERT, data: { alert } })),
      { id: snapshot.checkpoint, event: SNAPSHOT_COMPLETE, data: { checkpoint: snapshot.checkpoint, alerts: shown.length } },
    ];
    return concat(from(head), follower.follow(snapshot.checkpoint));
  }
}

/** The per-connection fold: each warning of the audience's jurisdiction, as of the last event sent. */
class AlertFollower {
  private readonly alerts = new Map<string, AlertView>();
  private readonly foreign = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly audience: AlertAudience,
  ) {}

  /** Keeps an open alert of the snapshot; false when it is not the audience's. */
  remember(alert: AlertView): boolean {
    if (!this.within(alert)) return false;
    this.alerts.set(alert.warningId, alert);
    return true;
  }

  shows(alert: AlertView, before?: AlertView): boolean {
    const { levels, severities } = this.audience;
    if (severities && severities.length > 0 && !severities.includes(alert.severity)) return false;
    if (!levels || levels.length === 0) return true;
    const at = (view: AlertView | undefined) => view?.level != null && levels.includes(view.level);
    return at(alert) || at(before);
  }

  follow(after: Checkpoint): Observable<AlertMessage> {
    return defer(() => this.store.subscribe({ from: after })).pipe(
      filter((event) => event.streamId.startsWith(WARNING_STREAM_PREFIX) && WARNING_TYPES.has(event.type)),
      concatMap((event) => {
        const warningEvent = event as unknown as RecordedEvent<WarningEvent>;
        const known = this.alerts.has(warningEvent.data.warningId) || warningEvent.type === 'WarningRaised';
        // Only an event of a warning raised before the stream began needs a read.
        return known ? of(this.take(warningEvent, this.alerts.get(warningEvent.data.warningId))) : from(this.load(warningEvent));
      }),
      concatMap((messages) => from(messages)),
    );
  }

  private async load(event: RecordedEvent<WarningEvent>): Promise<AlertMessage[]> {
    const warningId = event.data.warningId;
    if (this.foreign.has(warningId)) return [];
    let before: AlertView | undefined;
    try {
      const earlier = await this.store.readStream(warningStreamId(warningId), { toRevision: event.revision - 1n });
      for (const e of earlier) before = evolveAlert(before, e as unknown as RecordedEvent<WarningEvent>);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return this.take(event, before);
  }

  private take(event: RecordedEvent<WarningEvent>, before: AlertView | undefined): AlertMessage[] {
    const warningId = event.data.warningId;
    if (this.foreign.has(warningId)) return [];
    // Already in the snapshot the stream began with.
    if (before && before.revision >= Number(event.revision)) return [];
    const alert = evolveAlert(before, event);
    if (!alert) return [];
    if (!this.within(alert)) {
      this.alerts.delete(warningId);
      this.forget(warningId);
      return [];
    }
    if (alert.status === 'closed') this.alerts.delete(warningId);
    else this.alerts.set(warningId, alert);
    // The raise is sent with its routing, which the same append holds: one alert, already routed.
    if (event.type === 'WarningRaised') return [];
    const name = event.type === 'WarningRouted' && event.revision === 1n ? 'WarningRaised' : event.type;
    if (!this.shows(alert, before)) return [];
    const change: AlertChange = {
      eventId: event.eventId,
      type: event.type,
      revision: Number(event.revision),
      occurredAt: event.metadata.occurredAt,
      actor: { id: event.metadata.actor.id, role: event.metadata.actor.role },
    };
    return [{ id: event.checkpoint, event: name, data: { alert, change } }];
  }

  private within(alert: AlertView): boolean {
    const { unit, township } = this.audience;
    const code = alert.jurisdiction.township;
    return withinJurisdiction(unit, code) && (township === undefined || township === code);
  }

  private forget(warningId: string): void {
    if (this.foreign.size >= MAX_FOREIGN) {
      const oldest = this.foreign.values().next();
      if (!oldest.done) this.foreign.delete(oldest.value);
    }
    this.foreign.add(warningId);
  }
}
