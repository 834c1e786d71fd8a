import type { Decider } from './decider';
import type { DomainEvent, EventMetadata, NewEvent, RecordedEvent, StreamRevision } from './envelope';
import { CommandIdConflictError, StreamNotFoundError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, EventStore } from './event-store.port';

export interface CommandOptions {
  /** Stamped on every event; its commandId makes the command idempotent. */
  readonly metadata: EventMetadata;
  /** Mints event ids; the API injects its id source. */
  readonly newEventId: () => string;
  /**
   * The revision the client saw (If-Match). When given, a stale client gets
   * WrongExpectedRevisionError instead of a decision on a state it never saw.
   */
  readonly expectedRevision?: StreamRevision | 'no-stream';
  /** How often to re-read and re-decide when another writer got in first (no If-Match). */
  readonly maxAttempts?: number;
}

export interface CommandResult<Event extends DomainEvent, State> {
  readonly streamId: string;
  /** The events this command appended (on a retry: the ones the first attempt appended). */
  readonly events: readonly RecordedEvent<Event>[];
  /** The stream's revision after the command, or 'no-stream' when nothing was ever appended. */
  readonly revision: StreamRevision | 'no-stream';
  readonly append?: AppendResult;
  /** The state after the command; on a replayed command, the state as of the first result. */
  readonly state: State;
  readonly replayed: boolean;
}

/**
 * The one command path: read the stream, fold it, decide, append with the revision that was read.
 * Every context goes through here; nothing appends by hand.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  options: CommandOptions,
): Promise<CommandResult<Event, State>> {
  const commandId = options.metadata.commandId;
  const maxAttempts = options.expectedRevision === undefined ? (options.maxAttempts ?? 3) : 1;

  for (let attempt = 1; ; attempt++) {
    const recorded = await store.findCommand(commandId);
    if (recorded) return replay(store, decider, streamId, commandId, recorded);

    const { state, revision } = await load(store, decider, streamId);
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(streamId, options.expectedRevision, revision);
    }
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return { streamId, events: [], revision, state, replayed: false };
    }
    const newEvents: NewEvent[] = decided.map((event) => ({
      eventId: options.newEventId(),
      type: event.type,
      data: event.data,
      metadata: options.metadata,
    }));
    try {
      const append = await store.append(streamId, newEvents, { expectedRevision: revision, commandId });
      if (append.replayed) return replay(store, decider, streamId, commandId, append);
      const events = await store.readStream(streamId, {
        fromRevision: append.firstRevision,
        toRevision: append.nextExpectedRevision,
      });
      const after = decided.reduce((s, event) => decider.evolve(s, event), state);
      return {
        streamId,
        events: events as RecordedEvent<Event>[],
        revision: append.nextExpectedRevision,
        append,
        state: after,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
    }
  }
}

/** The stream folded into state, with the revision it was read at. */
export async function load<Event extends DomainEvent, State>(
  store: EventStore,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  streamId: string,
  toRevision?: StreamRevision,
): Promise<{ state: State; revision: StreamRevision | 'no-stream'; events: RecordedEvent<Event>[] }> {
  let events: RecordedEvent<Event>[];
  try {
    events = (await store.readStream(streamId, { toRevision })) as RecordedEvent<Event>[];
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return { state: decider.initialState(), revision: 'no-stream', events: [] };
    }
    throw error;
  }
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  const revision = events.length > 0 ? events[events.length - 1].revision : 'no-stream';
  return { state, revision, events };
}

async function replay<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  commandId: string,
  recorded: AppendResult,
): Promise<CommandResult<Event, State>> {
  if (recorded.streamId !== streamId) {
    throw new CommandIdConflictError(commandId, streamId, recorded.streamId);
  }
  const { state, events } = await load(store, decider, recorded.streamId, recorded.nextExpectedRevision);
  return {
    streamId,
    events: events.filter((event) => event.revision >= recorded.firstRevision),
    revision: recorded.nextExpectedRevision,
    append: { ...recorded, replayed: true },
    state,
    replayed: true,
  };
}
