import type { Checkpoint, EventStore, RecordedEvent } from '@app/ledger';
import type { Clock } from '@app/platform/clock';
import type { ReadStore } from '@app/projections';
import { eventLeafHash, MerkleFrontier, nodeKey } from '../merkle/merkle-tree';
import type { SignedTreeHead, TreeHeadSigner } from '../merkle/tree-head';
import {
  insertLeaves,
  insertNodes,
  insertTreeHead,
  type LeafRecord,
  readLatestTreeHead,
  readNodes,
  readNotaryState,
  readRoot,
  saveNotaryState,
  type StoredNode,
} from './merkle-tables';

export interface NotaryOptions {
  readonly store: EventStore;
  /** The integrity store, with its tables created (openIntegrityStore). */
  readonly integrity: ReadStore;
  readonly signer: TreeHeadSigner;
  /** Stamps the heads and measures everySeconds. */
  readonly clock: Clock;
  /** A head is signed once the tree has grown by this many leaves since the last one, */
  readonly everyEvents: number;
  /** or once leaves no head covers have waited this many seconds, whichever comes first. */
  readonly everySeconds: number;
  /** How often the loop looks for new events (and for a head that has come due). */
  readonly pollIntervalMs: number;
  /** Most leaves per transaction. */
  readonly batchSize?: number;
  readonly logger?: NotaryLogger;
  /**
   * For tests: the batch that would append this leaf (0-based) throws after writing its leaves
   * and nodes, before the state row, as a crash there would.
   */
  readonly failAt?: number;
}

export interface NotaryLogger {
  log(message: string): void;
  error(message: string): void;
}

/** idle: not started (catchUp still works); failed: the last round threw, the loop retries. */
export type NotaryPhase = 'idle' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface NotaryProgress {
  readonly treeSize: number;
  readonly checkpoint: Checkpoint;
  /** The heads this call signed, in order. */
  readonly signed: readonly SignedTreeHead[];
}

export class InjectedNotaryFailure extends Error {
  constructor(readonly leafIndex: number) {
    super(`injected failure in the batch appending leaf ${leafIndex}`);
    this.name = 'InjectedNotaryFailure';
  }
}

/** The tree as this notary last committed or loaded it; dropped whenever the store may differ. */
interface Position {
  readonly frontier: MerkleFrontier;
  checkpoint: Checkpoint;
  signedSize: number;
}

type BatchOutcome = { readonly moved: true } | { readonly moved: false; readonly head?: SignedTreeHead };

const DEFAULT_BATCH_SIZE = 500;

/**
 * Keeps the Merkle log (DESIGN §4): reads the global log in order from its checkpoint, appends
 * each event hash as a leaf, and commits the batch's leaves, completed nodes and the new size and
 * checkpoint in one transaction, so a crash neither skips nor repeats a leaf. Signs a head every
 * `everyEvents` leaves or `everySeconds`, and only when the tree outgrew the last head.
 *
 * Several notaries may share a store: each locks the state row to append and re-checks it holds
 * the tree it built on; one that finds the tree moved reloads it and reads on from there.
 */
export class Notary {
  phase: NotaryPhase = 'idle';
  error: Error | undefined;
  /** Leaves this notary appended and committed (another notary on the store appends the rest). */
  leavesAppended = 0;
  private position: Position | undefined;
  /** When this notary first saw leaves that no head covers: everySeconds counts from here. */
  private unsignedSince: Date | undefined;
  private rounds: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private readonly batchSize: number;

  constructor(private readonly options: NotaryOptions) {
    for (const [name, value] of Object.entries({ everyEvents: options.everyEvents, everySeconds: options.everySeconds })) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1 (got ${value})`);
    }
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Starts the loop: catch up, then look again every pollIntervalMs; returns at once. */
  start(): void {
    if (this.loop) return;
    this.phase = 'catching-up';
    this.loop = this.run();
  }

  /** Lets the batch in flight commit or roll back, then stops the loop. The stores stay open. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    await this.loop;
    await this.rounds;
    if (this.phase !== 'failed') this.phase = 'stopped';
  }

  /**
   * Appends every event the log holds now and signs the heads that come due on the way; resolves
   * with where the tree stands. Serialised with the loop's own rounds.
   */
  catchUp(): Promise<NotaryProgress> {
    const round = this.rounds.then(() => this.drain());
    this.rounds = round.catch(() => undefined);
    return round;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.catchUp();
        if (this.phase === 'failed') this.options.logger?.log('notarising again');
        this.phase = 'live';
        this.error = undefined;
      } catch (error) {
        if (this.phase !== 'failed') this.options.logger?.error(`notary round failed, retrying: ${messageOf(error)}`);
        this.phase = 'failed';
        this.error = error instanceof Error ? error : new Error(String(error));
      }
      await this.pause(this.phase === 'failed' ? Math.max(this.options.pollIntervalMs, 1000) : this.options.pollIntervalMs);
    }
  }

  private async drain(): Promise<NotaryProgress> {
    const signed: SignedTreeHead[] = [];
    const { store, everyEvents } = this.options;
    for (;;) {
      const position = (this.position ??= await this.load());
      // A batch ends where the next head is due, so heads land every everyEvents leaves exactly.
      const untilHead = everyEvents - (position.frontier.size - position.signedSize);
      const page = await store.readAll({ from: position.checkpoint, maxCount: Math.max(1, Math.min(this.batchSize, untilHead)) });
      const outcome: BatchOutcome = page.events.length > 0 ? await this.append(position, page.events) : { moved: false };
      if (!outcome.moved && outcome.head) signed.push(outcome.head);
      if ((page.isEnd && !outcome.moved) || this.stopping) break;
    }
    const head = await this.signIfDue();
    if (head) signed.push(head);
    const position = (this.position ??= await this.load());
    return { treeSize: position.frontier.size, checkpoint: position.checkpoint, signed };
  }

  private async load(): Promise<Position> {
    const position = await this.options.integrity.transaction(async (tx) => {
      const state = await readNotaryState(tx);
      const nodes = await readNodes(tx, MerkleFrontier.nodesOf(state.treeSize));
      const frontier = MerkleFrontier.of(state.treeSize, (node) => nodes.get(nodeKey(node))!);
      return { frontier, checkpoint: state.checkpoint, signedSize: (await readLatestTreeHead(tx))?.treeSize ?? 0 };
    });
    this.trackUnsigned(position);
    return position;
  }

  /** One batch in one transaction; `moved` when another notary had changed the tree meanwhile. */
  private async append(position: Position, events: readonly RecordedEvent[]): Promise<BatchOutcome> {
    const { integrity, signer, clock, everyEvents, failAt } = this.options;
    const now = clock.now().toISOString();
    let outcome: BatchOutcome;
    try {
      outcome = await integrity.transaction(async (tx): Promise<BatchOutcome> => {
        const state = await readNotaryState(tx, true);
        if (state.treeSize !== position.frontier.size || state.checkpoint !== position.checkpoint) return { moved: true };
        const first = position.frontier.size;
        const leaves: LeafRecord[] = [];
        const nodes: StoredNode[] = [];
        for (const event of events) {
          leaves.push({
            leafIndex: position.frontier.size,
            eventId: event.eventId,
            streamId: event.streamId,
            revision: event.revision,
            globalPosition: event.globalPosition,
            checkpoint: event.checkpoint,
            eventHash: event.integrity.hash,
          });
          nodes.push(...position.frontier.append(eventLeafHash(event.integrity.hash)));
        }
        await insertLeaves(tx, leaves);
        await insertNodes(tx, nodes);
        if (failAt !== undefined && failAt >= first && failAt < position.frontier.size) throw new InjectedNotaryFailure(failAt);
        const treeSize = position.frontier.size;
        await saveNotaryState(tx, { treeSize, checkpoint: events[events.length - 1]!.checkpoint }, now);
        const signedSize = (await readLatestTreeHead(tx))?.treeSize ?? 0;
        if (treeSize - signedSize < everyEvents) return { moved: false };
        const head = signer.sign({ treeSize, rootHash: position.frontier.root().toString('hex'), timestamp: now });
        await insertTreeHead(tx, head);
        return { moved: false, head };
      });
    } catch (error) {
      // The frontier took leaves the store rolled back: build it again from the store.
      this.position = undefined;
      throw error;
    }
    if (outcome.moved) {
      this.position = undefined;
      return outcome;
    }
    position.checkpoint = events[events.length - 1]!.checkpoint;
    this.leavesAppended += events.length;
    if (outcome.head) position.signedSize = outcome.head.treeSize;
    this.trackUnsigned(position);
    return outcome;
  }

  /** Signs a head of the whole tree when it outgrew the last one and a head is due by count or by time. */
  private async signIfDue(): Promise<SignedTreeHead | undefined> {
    const position = this.position;
    if (!position || position.frontier.size <= position.signedSize) return undefined;
    const { integrity, signer, clock, everyEvents, everySeconds } = this.options;
    const now = clock.now();
    const byCount = position.frontier.size - position.signedSize >= everyEvents;
    const byTime = this.unsignedSince !== undefined && now.getTime() - this.unsignedSince.getTime() >= everySeconds * 1000;
    if (!byCount && !byTime) return undefined;
    const head = await integrity.transaction(async (tx) => {
      const { treeSize } = await readNotaryState(tx, true);
      // Another notary may have signed this size, or grown the tree, since this one looked.
      if (treeSize <= ((await readLatestTreeHead(tx))?.treeSize ?? 0)) return undefined;
      const rootHash = (await readRoot(tx, treeSize)).toString('hex');
      const signedHead = signer.sign({ treeSize, rootHash, timestamp: now.toISOString() });
      await insertTreeHead(tx, signedHead);
      return signedHead;
    });
    if (!head || head.treeSize !== position.frontier.size) {
      this.position = undefined;
    } else {
      position.signedSize = head.treeSize;
      this.trackUnsigned(position);
    }
    return head;
  }

  private trackUnsigned(position: Position): void {
    if (position.frontier.size > position.signedSize) this.unsignedSince ??= this.options.clock.now();
    else this.unsignedSince = undefined;
  }

  /** Resolves after `ms`, or at once on stop. */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
