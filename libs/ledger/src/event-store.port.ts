import type { Observable } from 'rxjs';
import type {
  Checkpoint,
  GlobalPosition,
  NewEvent,
  RecordedEvent,
  StreamRevision,
} from './envelope';

/**
 * The revision the caller believes the stream is at: an exact revision, 'no-stream' (the stream
 * must not exist yet) or 'any' (no check).
 */
export type ExpectedRevision = StreamRevision | 'no-stream' | 'any';

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /** The same command id never appends twice: a retry gets the first append's result. */
  readonly commandId?: string;
}

export interface AppendResult {
  readonly streamId: string;
  readonly firstRevision: StreamRevision;
  /** The stream's revision after the append: what the next writer should expect. */
  readonly nextExpectedRevision: StreamRevision;
  readonly firstPosition: GlobalPosition;
  readonly lastPosition: GlobalPosition;
  /** Checkpoint of the last appended event: a reader that has passed it has seen this append. */
  readonly checkpoint: Checkpoint;
  /** True when the command id had already been recorded and nothing was appended now. */
  readonly replayed: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first revision forwards and the last one backwards. */
  readonly fromRevision?: StreamRevision;
  /** Inclusive bound in the direction of reading. */
  readonly toRevision?: StreamRevision;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this checkpoint. Defaults to the start of the log. */
  readonly from?: Checkpoint;
  readonly maxCount?: number;
}

export interface ReadAllPage {
  readonly events: readonly RecordedEvent[];
  /** Where to continue from: the last event's checkpoint, or `from` when the page is empty. */
  readonly next: Checkpoint;
  /** No more events are visible right now. */
  readonly isEnd: boolean;
}

export interface StreamHead {
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly hash: string;
}

export interface LogHead {
  /** Number of events in the log. */
  readonly eventCount: bigint;
  readonly lastPosition: GlobalPosition | null;
  readonly checkpoint: Checkpoint;
}

export interface SubscribeOptions {
  /** Exclusive; defaults to the start of the log. */
  readonly from?: Checkpoint;
  readonly pageSize?: number;
}

export type EventStoreKind = 'sqlite' | 'postgres' | 'eventstoredb';

/** The event-store port. Every adapter passes the same contract suite. */
export interface EventStore {
  readonly kind: EventStoreKind;
  /** Appends atomically, all events or none, after checking the expected revision. */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the global log in log order; never skips an event that commits late. */
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  /** Catches up from a checkpoint, then goes live, with no gap and no duplicate at the hand-over. */
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent>;
  /** The recorded result of a command id, if it appended before. */
  findCommand(commandId: string): Promise<AppendResult | undefined>;
  /** Every stream's last revision and hash, as the store's own index records them. */
  streamHeads(): AsyncIterable<StreamHead>;
  head(): Promise<LogHead>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
