import { householdStream, type PaymentEvent, PaymentEventFactory } from './payment-events';

/** One append as every measured system receives it. */
export interface BenchAppend {
  readonly streamId: string;
  /** Number of events the caller believes the stream holds: 0 for a new stream. */
  readonly expectedVersion: number;
  /** Fresh for every append, so the store's idempotency record is written each time. */
  readonly commandId: string;
  readonly events: readonly PaymentEvent[];
}

/**
 * Counts of the workloads at a given scale. Shapes stay fixed (10 events per W1/W2 stream, 100 per
 * W3 append and stream, 16 callers, pages of 1,000); only the number of streams and reads shrink.
 */
export interface WorkloadSizes {
  readonly scale: number;
  readonly w1Streams: number;
  readonly w2Streams: number;
  readonly w3Streams: number;
  readonly appendsPerStream: number;
  readonly w3EventsPerAppend: number;
  readonly w2Callers: number;
  readonly w4PageSize: number;
  readonly w5Reads: number;
}

export function workloadSizes(scale: number): WorkloadSizes {
  const scaled = (count: number) => Math.max(1, Math.round(count * scale));
  return Object.freeze({
    scale,
    w1Streams: scaled(5_000),
    w2Streams: scaled(5_000),
    w3Streams: scaled(2_000),
    appendsPerStream: 10,
    w3EventsPerAppend: 100,
    w2Callers: 16,
    w4PageSize: 1_000,
    w5Reads: scaled(1_000),
  });
}

export const w1Events = (s: WorkloadSizes) => s.w1Streams * s.appendsPerStream;
export const w2Events = (s: WorkloadSizes) => s.w2Streams * s.appendsPerStream;
export const w3Events = (s: WorkloadSizes) => s.w3Streams * s.w3EventsPerAppend;
/** What the log holds once W1, W2 and W3 have run: 300,000 events at scale 1. */
export const loggedEvents = (s: WorkloadSizes) => w1Events(s) + w2Events(s) + w3Events(s);

// Each workload writes its own range of streams, so each starts from new streams.
const W1_FIRST_STREAM = 0;
const w2FirstStream = (s: WorkloadSizes) => W1_FIRST_STREAM + s.w1Streams;
const w3FirstStream = (s: WorkloadSizes) => w2FirstStream(s) + s.w2Streams;

/** A stream W3 wrote: exactly w3EventsPerAppend events, read by W5. */
export const w5Stream = (s: WorkloadSizes) => householdStream(w3FirstStream(s) + Math.floor(s.w3Streams / 2));

/** First stream number free after the workloads, for the OCC check. */
export const occFirstStream = (s: WorkloadSizes) => w3FirstStream(s) + s.w3Streams;
const OCC_STREAMS = 2;

const SEEDS = { w1: 0x5eed_0001, w2: 0x5eed_0002, w3: 0x5eed_0003, live: 0x5eed_0004 } as const;

/**
 * W1 in chunks of about `chunkEvents` events: append j goes to stream j mod S, round-robin, each
 * expecting the j div S events written before it. Chunks are generated lazily and outside the timed
 * section, so the heap never holds the whole workload.
 */
export function* w1Chunks(s: WorkloadSizes, chunkEvents: number): Generator<BenchAppend[]> {
  const factory = new PaymentEventFactory(SEEDS.w1);
  const total = w1Events(s);
  for (let start = 0; start < total; start += chunkEvents) {
    const chunk: BenchAppend[] = [];
    for (let j = start; j < Math.min(total, start + chunkEvents); j += 1) {
      chunk.push(singleAppend(factory, W1_FIRST_STREAM + (j % s.w1Streams), Math.floor(j / s.w1Streams)));
    }
    yield chunk;
  }
}

/**
 * W2 as one list of appends per caller: the same round-robin sequence as W1 over W2's streams, and
 * caller i gets the appends to the streams n with n mod callers = i, in order, so its expected
 * versions hold whatever the other callers do.
 */
export function w2CallerAppends(s: WorkloadSizes): BenchAppend[][] {
  return callerAppends(s, SEEDS.w2, w2FirstStream(s), s.w2Streams);
}

/** The writers that run while W4 reads the log live: W2's pattern on streams of their own. */
export function liveWriterAppends(s: WorkloadSizes): BenchAppend[][] {
  return callerAppends(s, SEEDS.live, occFirstStream(s) + OCC_STREAMS, liveStreams(s));
}

export const liveStreams = (s: WorkloadSizes) => Math.max(s.w2Callers, Math.round(s.w2Streams / 5));
export const liveEvents = (s: WorkloadSizes) => liveStreams(s) * s.appendsPerStream;

function callerAppends(s: WorkloadSizes, seed: number, firstStream: number, streams: number): BenchAppend[][] {
  const factory = new PaymentEventFactory(seed);
  const callers: BenchAppend[][] = Array.from({ length: s.w2Callers }, () => []);
  const total = streams * s.appendsPerStream;
  for (let j = 0; j < total; j += 1) {
    const streamNo = firstStream + (j % streams);
    callers[streamNo % s.w2Callers].push(singleAppend(factory, streamNo, Math.floor(j / streams)));
  }
  return callers;
}

/** W3: one append of w3EventsPerAppend events to each of its streams, in chunks. */
export function* w3Chunks(s: WorkloadSizes, chunkEvents: number): Generator<BenchAppend[]> {
  const factory = new PaymentEventFactory(SEEDS.w3);
  const appendsPerChunk = Math.max(1, Math.floor(chunkEvents / s.w3EventsPerAppend));
  for (let start = 0; start < s.w3Streams; start += appendsPerChunk) {
    const chunk: BenchAppend[] = [];
    for (let n = start; n < Math.min(s.w3Streams, start + appendsPerChunk); n += 1) {
      const streamNo = w3FirstStream(s) + n;
      const commandId = factory.commandId();
      chunk.push({
        streamId: householdStream(streamNo),
        expectedVersion: 0,
        commandId,
        events: factory.events(streamNo, 0, s.w3EventsPerAppend, commandId),
      });
    }
    yield chunk;
  }
}

/** An append of `count` events for the OCC check, with its own seed. */
export function occAppend(streamNo: number, expectedVersion: number, count: number, seed: number): BenchAppend {
  const factory = new PaymentEventFactory(seed);
  const commandId = factory.commandId();
  return {
    streamId: householdStream(streamNo),
    expectedVersion,
    commandId,
    events: factory.events(streamNo, expectedVersion, count, commandId),
  };
}

function singleAppend(factory: PaymentEventFactory, streamNo: number, version: number): BenchAppend {
  const commandId = factory.commandId();
  return {
    streamId: householdStream(streamNo),
    expectedVersion: version,
    commandId,
    events: factory.events(streamNo, version, 1, commandId),
  };
}
