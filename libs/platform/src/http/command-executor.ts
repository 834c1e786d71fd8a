import { handleCommand, load } from '@app/ledger/command-handler';
import type { Decider } from '@app/ledger/decider';
import { type Command, DomainError } from '@app/ledger/domain';
import type { Actor, DomainEvent, EventMetadata } from '@app/ledger/envelope';
import { StreamNotFoundError } from '@app/ledger/errors';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../clock';
import { ID_SOURCE, type IdSource } from '../ids';
import { noteCommandId } from '../observability/request-scope';
import type { Role } from '../roles';
import type { HttpCommandContext } from './command-context.decorator';
import { commandIdFor } from './command-id';
import { type RecordedEventView, revisionJson, toJsonNumber, toRecordedEventView } from './command-result.view';

/** One command as a controller hands it over; `type` and `data` are one member of the decider's union. */
export interface CommandRun<C extends Command, E extends DomainEvent, S, T extends C['type'], V> {
  readonly context: HttpCommandContext;
  readonly decider: Decider<C, E, S>;
  readonly streamId: string;
  /** The role the action is taken under: one the principal holds (else 403); it goes into actor.role. */
  readonly role: Role;
  readonly type: T;
  readonly data: Extract<C, { readonly type: T }>['data'];
  /** The delegation in force when a township decides under delegated power; stamped on the events. */
  readonly delegationId?: string;
  /** Shapes the state for the response; the state itself by default. */
  readonly view?: (state: S) => V;
  /**
   * For commands the server issues itself as part of a larger run (a payment batch, a register
   * import): an id derived from what the command is, so that running it again appends nothing.
   */
  readonly commandId?: string;
}

/** The answer to a command; a retry with the same Idempotency-Key gets the same, with replayed true. */
export interface CommandResponse<V> {
  readonly streamId: string;
  /** The stream's revision after the command (its ETag), or null when the stream does not exist. */
  readonly revision: number | null;
  readonly state: V;
  /** What the command appended, with each event's hash chain link; empty when it decided nothing. */
  readonly events: readonly RecordedEventView[];
  readonly replayed: boolean;
  /** Checkpoint of the last appended event: a read model that has passed it reflects this command. */
  readonly checkpoint: string | null;
}

export interface StateRead<E extends DomainEvent, S, V> {
  readonly decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>;
  readonly streamId: string;
  readonly view?: (state: S) => V;
}

/** An aggregate's current state with the revision it was read at (its ETag). */
export interface StateResponse<V> {
  readonly streamId: string;
  readonly revision: number;
  readonly state: V;
}

/**
 * The HTTP side of the one command path: stamps who, when and which command on the command and
 * its events, then runs handleCommand. Controllers call this and nothing else to change the ledger.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  async run<C extends Command, E extends DomainEvent, S, T extends C['type'], V = S>(
    request: CommandRun<C, E, S, T, V>,
  ): Promise<CommandResponse<V>> {
    const { context, role } = request;
    const { principal } = context;
    if (!principal.roles.includes(role)) {
      throw DomainError.forbidden(
        'role-not-held',
        `the command is taken as ${role}, a role the token does not hold (it holds ${principal.roles.join(', ')})`,
        { role, heldRoles: [...principal.roles] },
      );
    }
    const now = this.clock.now().toISOString();
    const actor: Actor = { id: principal.sub, role, unit: principal.unit };
    const metadata: EventMetadata = {
      actor,
      commandId:
        request.commandId ??
        (context.idempotencyKey === undefined ? this.ids.newId() : commandIdFor(principal.sub, context.idempotencyKey)),
      correlationId: context.correlationId ?? this.ids.newId(),
      causationId: null,
      occurredAt: now,
      ...(request.delegationId === undefined ? {} : { delegationId: request.delegationId }),
    };
    // The request's log line names the command.
    noteCommandId(metadata.commandId);
    const command = { type: request.type, data: request.data, metadata: { now, actor } } as unknown as C;
    const result = await handleCommand(this.store, request.decider, request.streamId, command, {
      metadata,
      newEventId: () => this.ids.newId(),
      expectedRevision: context.expectedRevision,
    });
    return {
      streamId: result.streamId,
      revision: revisionJson(result.revision),
      state: shape(result.state, request.view),
      events: result.events.map(toRecordedEventView),
      replayed: result.replayed,
      checkpoint: result.append?.checkpoint ?? null,
    };
  }

  /** The current state of one stream, for a GET whose ETag a later command sends as If-Match; 404 when absent. */
  async readState<E extends DomainEvent, S, V = S>(request: StateRead<E, S, V>): Promise<StateResponse<V>> {
    const { state, revision } = await load(this.store, request.decider, request.streamId);
    if (revision === 'no-stream') throw new StreamNotFoundError(request.streamId);
    return { streamId: request.streamId, revision: toJsonNumber(revision), state: shape(state, request.view) };
  }
}

function shape<S, V>(state: S, view: ((state: S) => V) | undefined): V {
  return view ? view(state) : (state as unknown as V);
}
