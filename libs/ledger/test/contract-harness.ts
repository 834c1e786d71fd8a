import type { EventStore } from '../src';

/**
 * What the contract suite needs from a backend: a fresh, empty store, and a way to rewrite its
 * stored rows the way someone with direct database access would (bypassing the append-only guard).
 */
export interface ContractHarness {
  readonly store: EventStore;
  readonly tamper: {
    /** Replaces the stored data of one event, leaving its hashes as they were. */
    editData(streamId: string, revision: bigint, data: Record<string, unknown>): Promise<void>;
    /** Deletes one event row (the stream index is left as it was). */
    deleteEvent(streamId: string, revision: bigint): Promise<void>;
    /** Exchanges the revision numbers of two events of one stream. */
    swapRevisions(streamId: string, a: bigint, b: bigint): Promise<void>;
  };
  /** Opens a second store instance on the same database (another process, as it were). */
  reopen(): Promise<EventStore>;
  close(): Promise<void>;
}
