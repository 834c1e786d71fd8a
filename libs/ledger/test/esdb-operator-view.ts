import type { Observable } from 'rxjs';
import { filter, map } from 'rxjs';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LogHead,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
} from '../src';
import type { ContractHarness } from './contract-harness';

/**
 * A real server cannot be made to rewrite its log from outside, so on one the tampering of the
 * contract suite is played by this view: it hands out the events as an operator who edited the
 * database files would have left them (data edited, an event gone, two revisions exchanged),
 * which is all the verifier ever sees. Writes, commands and the stream index pass through.
 */
export class OperatorView implements EventStore {
  readonly kind: EventStore['kind'];
  private readonly edits = new Map<string, Record<string, unknown>>();
  private readonly deleted = new Set<string>();
  private readonly swapped = new Map<string, bigint>();

  constructor(private readonly inner: EventStore) {
    this.kind = inner.kind;
  }

  readonly tamper: ContractHarness['tamper'] = {
    editData: async (streamId, revision, data) => void this.edits.set(key(streamId, revision), data),
    deleteEvent: async (streamId, revision) => void this.deleted.add(key(streamId, revision)),
    swapRevisions: async (streamId, a, b) => {
      this.swapped.set(key(streamId, a), b);
      this.swapped.set(key(streamId, b), a);
    },
  };

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (!this.tampered()) return this.inner.readStream(streamId, options);
    const all = (await this.inner.readStream(streamId)).flatMap((e) => this.view(e) ?? []);
    all.sort((a, b) => (a.revision < b.revision ? -1 : 1));
    const backwards = options.direction === 'backwards';
    if (backwards) all.reverse();
    const { fromRevision: from, toRevision: to } = options;
    return all
      .filter((e) =>
        backwards
          ? (from === undefined || e.revision <= from) && (to === undefined || e.revision >= to)
          : (from === undefined || e.revision >= from) && (to === undefined || e.revision <= to),
      )
      .slice(0, options.maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const page = await this.inner.readAll(options);
    return { ...page, events: page.events.flatMap((e) => this.view(e) ?? []) };
  }

  subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribe(options).pipe(
      map((event) => this.view(event)),
      filter((event): event is RecordedEvent => event !== undefined),
    );
  }

  findCommand(commandId: string): Promise<AppendResult | undefined> {
    return this.inner.findCommand(commandId);
  }

  streamHeads(): AsyncIterable<StreamHead> {
    return this.inner.streamHeads();
  }

  head(): Promise<LogHead> {
    return this.inner.head();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private tampered(): boolean {
    return this.edits.size + this.deleted.size + this.swapped.size > 0;
  }

  private view(event: RecordedEvent): RecordedEvent | undefined {
    const k = key(event.streamId, event.revision);
    if (this.deleted.has(k)) return undefined;
    return { ...event, revision: this.swapped.get(k) ?? event.revision, data: this.edits.get(k) ?? event.data };
  }
}

function key(streamId: string, revision: bigint): string {
  return `${streamId}@${revision}`;
}
