import type { EventStore } from '@app/ledger/event-store.port';
import { load } from '@app/ledger/command-handler';
import { DomainError } from '@app/ledger/domain';
import type { StreamRevision } from '@app/ledger/envelope';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import {
  actingRole,
  type CommandExecutor,
  type CommandResponse,
  type HttpCommandContext,
  revisionJson,
} from '@app/platform';
import type { BatchCommand } from '../batch.commands';
import { batchStreamId } from '../batch.events';
import type { BatchPolicy, BatchStep } from '../batch.policy';
import { type BatchSummary, batchSummary } from '../batch.queries';
import type { BatchState } from '../batch.state';
import type { BatchDecider } from './payments.providers';

/** A batch as read now, with the revision (its ETag) it was read at. */
export interface BatchRead {
  readonly streamId: string;
  readonly state: BatchState;
  readonly revision: StreamRevision | 'no-stream';
}

export async function readBatch(store: EventStore, decider: BatchDecider, batchId: string): Promise<BatchRead> {
  const streamId = batchStreamId(batchId);
  const { state, revision } = await load(store, decider, streamId);
  return { streamId, state, revision };
}

/** The batch exists: 404 otherwise, as the decider would answer a command on it. */
export function requireExisting(read: BatchRead, batchId: string): BatchState & { townshipCode: string } {
  if (read.state.status === 'none' || read.state.townshipCode === undefined) {
    throw DomainError.notFound('batch-not-found', `there is no batch ${batchId}`, { batchId });
  }
  return read.state as BatchState & { townshipCode: string };
}

/**
 * A step made of many commands takes If-Match as the batch revision the client saw when it
 * started the step: a stale one is refused before any command is sent.
 */
export function requireRevisionSeen(context: HttpCommandContext, read: BatchRead): void {
  const expected = context.expectedRevision;
  if (expected !== undefined && expected !== read.revision) {
    throw new WrongExpectedRevisionError(read.streamId, expected, read.revision);
  }
}

/**
 * The context of the commands a step issues on its own: the official and the correlation id, but
 * neither the request's If-Match (it names one stream's revision) nor its Idempotency-Key (each
 * of these commands has an id of its own).
 */
export function issuedContext(context: HttpCommandContext, correlationId: string): HttpCommandContext {
  return { principal: context.principal, correlationId: context.correlationId ?? correlationId };
}

export function summaryOf(state: BatchState): BatchSummary {
  return batchSummary(state) as BatchSummary;
}

export interface BatchCommandRun<T extends BatchCommand['type']> {
  readonly context: HttpCommandContext;
  readonly step: BatchStep;
  readonly type: T;
  readonly data: Extract<BatchCommand, { readonly type: T }>['data'];
  readonly commandId?: string;
}

/** One command on a batch stream, under the first role the policy allows for its step. */
export function runOnBatch<T extends BatchCommand['type']>(
  executor: CommandExecutor,
  decider: BatchDecider,
  policy: BatchPolicy,
  run: BatchCommandRun<T>,
): Promise<CommandResponse<BatchState>> {
  return executor.run({
    context: run.context,
    decider,
    streamId: batchStreamId(run.data.batchId),
    role: actingRole(run.context.principal, policy.rolesAllowed[run.step]),
    type: run.type,
    // run.data is already tied to run.type by BatchCommandRun<T>; TypeScript cannot follow a
    // generic T through the union's Extract, hence the cast.
    data: run.data as never,
    ...(run.commandId === undefined ? {} : { commandId: run.commandId }),
  });
}

/** A batch command's response with the batch summary as its state. */
export function withSummary(response: CommandResponse<BatchState>): CommandResponse<BatchSummary> {
  return { ...response, state: summaryOf(response.state) };
}

export function revisionOf(read: BatchRead): number | null {
  return revisionJson(read.revision);
}
