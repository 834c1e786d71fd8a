import type { BenchAppend } from './workload-plan';

/** What the log check needs from a decoded event; the ledger's RecordedEvent already fits. */
export interface LoggedEvent {
  readonly eventId: string;
  readonly globalPosition: bigint | number;
  /**
   * Where the store says the event stands in log order, when it says so. Positions need not rise
   * in log order (PostgreSQL orders by transaction first), checkpoints must.
   */
  readonly checkpoint?: string;
}

export interface LogPage {
  readonly events: readonly LoggedEvent[];
  readonly isEnd: boolean;
}

/** Reads the global log, one page per call, from where it was opened. */
export interface LogReader {
  next(): Promise<LogPage>;
}

export type SystemRole = 'raw' | 'ours';

/**
 * One measured system on a fresh store of its own. Each operation does what an application would
 * do with that system, including serialising and decoding the JSON, and nothing more.
 */
export interface BenchSystem {
  readonly role: SystemRole;
  readonly label: string;
  /** Resolves once the append is durable by the system's own standard; rejects when refused. */
  append(append: BenchAppend): Promise<unknown>;
  /** A reader from the start of the log, or from its current end (to follow live appends). */
  openLog(pageSize: number, from: 'start' | 'end'): Promise<LogReader>;
  /** The stream's events, decoded, in revision order. */
  readStream(streamId: string): Promise<readonly LoggedEvent[]>;
  /** A value that changes whenever anything is appended to the log. */
  logHead(): Promise<string>;
  /** Closes the store and deletes it. */
  dispose(): Promise<void>;
}
