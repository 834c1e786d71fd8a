import * as shared from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import * as grpc from '@grpc/grpc-js';
import type { ProposedEvent, WireLog, WireRecord } from './wire-log';
import {
  badRequestStatus,
  eventResponse,
  expectedOf,
  streamIdentifier,
  streamName,
  timeoutStatus,
  uuidString,
  wrongExpectedVersionStatus,
} from './wire-messages';

/** Whether the test double answers; a stalled server takes requests and never completes them. */
export interface Responsiveness {
  readonly stalled: boolean;
}

/**
 * event_store.client.streams.Streams of the test double: Read (streams and `$all`, forwards and
 * backwards, filtered `$all` reads, catch-up subscriptions to `$all`), Append and BatchAppend.
 * Delete, Tombstone and subscriptions to single streams answer UNIMPLEMENTED.
 */
export function streamsService(log: WireLog, server: Responsiveness): grpc.UntypedServiceImplementation {
  return {
    read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
      if (server.stalled) return;
      const options = call.request.getOptions();
      if (!options) return fail(call, grpc.status.INVALID_ARGUMENT, 'options are required');
      const uuid = options.getUuidOption();
      const filter = recordFilter(options);
      if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
        if (!options.hasAll()) return fail(call, grpc.status.UNIMPLEMENTED, 'stream subscriptions are not implemented by the test double');
        new AllSubscription(call, log, options.getAll() as ReadReq.Options.AllOptions, filter, uuid).start();
        return;
      }
      const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
      const count = BigInt(options.getCount() || '0');
      let records: WireRecord[];
      if (options.hasStream()) {
        const stream = options.getStream() as ReadReq.Options.StreamOptions;
        const name = streamName(stream.getStreamIdentifier());
        const from = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
        const read = log.readStream(name, from, backwards, count);
        if (read === 'not-found') {
          call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))));
          call.end();
          return;
        }
        records = read;
      } else {
        const all = options.getAll() as ReadReq.Options.AllOptions;
        const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : all.hasEnd() ? 'end' : 'start';
        records = log.readAll(from, backwards, filter ? BigInt(Number.MAX_SAFE_INTEGER) : count).filter(filter ?? (() => true));
        records = records.slice(0, Number(count > BigInt(records.length) ? BigInt(records.length) : count));
      }
      for (const record of records) call.write(eventResponse(record, uuid));
      call.end();
    },

    append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
      let options: AppendReq.Options | undefined;
      const events: ProposedEvent[] = [];
      let invalid: string | undefined;
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) options = request.getOptions();
        else {
          const proposed = proposedEvent(request.getProposedMessage() as AppendReq.ProposedMessage);
          if (typeof proposed === 'string') invalid = proposed;
          else events.push(proposed);
        }
      });
      call.on('end', () => {
        if (server.stalled) return;
        if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'options are required' });
        if (invalid) return callback({ code: grpc.status.INVALID_ARGUMENT, details: invalid });
        const expected = expectedOf(options);
        const outcome = log.append(streamName(options.getStreamIdentifier()), expected, events);
        const response = new AppendResp();
        if (outcome.ok) {
          const success = new AppendResp.Success();
          if (outcome.currentRevision < 0n) success.setNoStream(new shared.Empty());
          else success.setCurrentRevision(outcome.currentRevision.toString());
          success.setPosition(
            new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()),
          );
          return callback(null, response.setSuccess(success));
        }
        callback(null, response.setWrongExpectedVersion(unaryWrongExpectedVersion(expected, outcome.currentRevision)));
      });
    },

    batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
      const pending = new Map<string, { options: BatchAppendReq.Options; events: ProposedEvent[]; invalid?: string }>();
      const timers = new Set<NodeJS.Timeout>();
      const answer = (correlation: shared.UUID, options: BatchAppendReq.Options, result: (r: BatchAppendResp) => void) => {
        const response = new BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(options.getStreamIdentifier());
        const expected = expectedOf(options);
        if (typeof expected === 'bigint') response.setStreamPosition(expected.toString());
        else if (expected === 'no_stream') response.setNoStream(new shared.Empty());
        else if (expected === 'stream_exists') response.setStreamExists(new shared.Empty());
        else response.setAny(new shared.Empty());
        result(response);
        call.write(response);
      };
      call.on('data', (request: BatchAppendReq) => {
        const correlation = request.getCorrelationId() as shared.UUID;
        const key = uuidString(correlation);
        if (request.hasOptions()) {
          const options = request.getOptions() as BatchAppendReq.Options;
          const deadline = options.getDeadline()?.toDate().getTime() ?? Number.POSITIVE_INFINITY;
          if (deadline <= Date.now()) return answer(correlation, options, (r) => r.setError(timeoutStatus()));
          pending.set(key, { options, events: [] });
          // The server answers Timeout to a write that has not completed by its deadline.
          if (Number.isFinite(deadline)) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              if (pending.delete(key)) answer(correlation, options, (r) => r.setError(timeoutStatus()));
            }, deadline - Date.now());
            timers.add(timer);
          }
        }
        const write = pending.get(key);
        if (!write) return;
        for (const message of request.getProposedMessagesList()) {
          const proposed = proposedEvent(message);
          if (typeof proposed === 'string') write.invalid = proposed;
          else write.events.push(proposed);
        }
        if (!request.getIsFinal() || server.stalled) return;
        pending.delete(key);
        if (write.invalid) return answer(correlation, write.options, (r) => r.setError(badRequestStatus(write.invalid!)));
        const expected = expectedOf(write.options);
        const outcome = log.append(streamName(write.options.getStreamIdentifier()), expected, write.events);
        answer(correlation, write.options, (response) => {
          if (!outcome.ok) return response.setError(wrongExpectedVersionStatus(expected, outcome.currentRevision));
          const success = new BatchAppendResp.Success();
          if (outcome.currentRevision < 0n) success.setNoStream(new shared.Empty());
          else success.setCurrentRevision(outcome.currentRevision.toString());
          success.setPosition(
            new shared.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()),
          );
          response.setSuccess(success);
        });
      });
      const stop = () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
      };
      call.on('end', () => {
        stop();
        call.end();
      });
      call.on('cancelled', stop);
      call.on('error', stop);
    },

    delete(_call: unknown, callback: grpc.sendUnaryData<never>): void {
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the test double' });
    },

    tombstone(_call: unknown, callback: grpc.sendUnaryData<never>): void {
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the test double' });
    },
  };
}

/**
 * A catch-up subscription to `$all`: confirmation, then every record after the start position
 * (as it is read, with the stream's flow control), CaughtUp once the log's end is reached, then
 * records as they are written. Filtered subscriptions also get a Checkpoint every
 * multiplier × 32 records looked at, as the server sends them.
 */
class AllSubscription {
  private cursor: number;
  private caughtUp = false;
  private waiting = false;
  private considered = 0;
  private stop: () => void = () => undefined;

  constructor(
    private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    private readonly log: WireLog,
    from: ReadReq.Options.AllOptions,
    private readonly filter: ((record: WireRecord) => boolean) | undefined,
    private readonly uuid: ReadReq.Options.UUIDOption | undefined,
  ) {
    this.cursor = from.hasPosition()
      ? log.indexAfter(BigInt(from.getPosition()!.getCommitPosition()))
      : from.hasEnd()
        ? log.records.length
        : 0;
  }

  start(): void {
    const id = `wire-${Math.random().toString(36).slice(2)}`;
    this.call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(id)));
    const unsubscribe = this.log.onAppend(() => this.pump());
    this.stop = () => unsubscribe();
    this.call.on('cancelled', () => this.stop());
    this.call.on('close', () => this.stop());
    this.pump();
  }

  private pump(): void {
    if (this.waiting || this.call.cancelled || this.call.destroyed) return;
    const interval = this.filter ? this.checkpointInterval() : Number.POSITIVE_INFINITY;
    while (this.cursor < this.log.records.length) {
      const record = this.log.records[this.cursor++];
      if (record.deleted) continue;
      if (this.filter && !this.filter(record)) {
        if (++this.considered >= interval) {
          this.considered = 0;
          const position = record.position.toString();
          this.call.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position)));
        }
        continue;
      }
      if (!this.call.write(eventResponse(record, this.uuid))) {
        this.waiting = true;
        this.call.once('drain', () => {
          this.waiting = false;
          this.pump();
        });
        return;
      }
    }
    if (!this.caughtUp) {
      this.caughtUp = true;
      this.call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    }
  }

  private checkpointInterval(): number {
    const filter = this.call.request.getOptions()?.getFilter();
    return Math.max(1, filter?.getCheckpointintervalmultiplier() ?? 1) * 32;
  }
}

function recordFilter(options: ReadReq.Options): ((record: WireRecord) => boolean) | undefined {
  const filter = options.getFilter();
  if (!filter) return undefined;
  const onType = filter.hasEventType();
  const expression = (onType ? filter.getEventType() : filter.getStreamIdentifier()) as ReadReq.Options.FilterOptions.Expression;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  return (record) => {
    const value = onType ? record.type : record.streamId;
    return regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
  };
}

function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent | string {
  const type = message.getMetadataMap().get('type');
  const contentType = message.getMetadataMap().get('content-type');
  if (!type) return 'Required metadata property missing: type';
  if (!contentType) return 'Required metadata property missing: content-type';
  return {
    id: uuidString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function unaryWrongExpectedVersion(expected: ReturnType<typeof expectedOf>, current: bigint | 'no_stream'): AppendResp.WrongExpectedVersion {
  const details = new AppendResp.WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new shared.Empty()).setNoStream2060(new shared.Empty());
  else details.setCurrentRevision(current.toString()).setCurrentRevision2060(Number(current));
  if (typeof expected === 'bigint') details.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  else if (expected === 'no_stream') details.setExpectedNoStream(new shared.Empty()).setExpectedRevision2060(Number.MAX_SAFE_INTEGER);
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new shared.Empty()).setStreamExists2060(new shared.Empty());
  else details.setExpectedAny(new shared.Empty()).setAny2060(new shared.Empty());
  return details;
}

function fail(call: grpc.ServerWritableStream<ReadReq, ReadResp>, code: grpc.status, details: string): void {
  call.emit('error', { code, details } as grpc.ServiceError);
}
