import type { Pool, QueryConfig, QueryResultRow } from 'pg';
import type { NewEvent, StreamRevision } from '../envelope';
import {
  CommandIdConflictError,
  DuplicateEventIdError,
  InvalidEventError,
  WrongExpectedRevisionError,
} from '../errors';
import type { AppendOptions, AppendResult, ExpectedRevision } from '../event-store.port';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH, type SealedEvent, sealEvents } from '../hash-chain';
import { encodeCheckpoint } from '../checkpoint';
import { appendFunctionArrays } from './postgres-append-function';
import { type Head, HeadCache, NO_STREAM } from './postgres-head-cache';
import {
  appendedRow,
  type FastAppend,
  type FastAppendRow,
  FastAppendStatements,
  MAX_FAST_APPEND,
} from './postgres-fast-append';
import { type AppendRow, type CommandRow, commandResult, named, type PostgresStatements } from './postgres-statements';

const MAX_RESEALS = 1000;

export interface AppenderSettings {
  readonly now: () => Date;
  readonly beforeCommit?: () => Promise<void>;
  readonly headCacheSize: number;
  readonly onCommit: () => void;
}

/**
 * Appends in one round trip in the usual case: the events are sealed (hash-chained) on the head
 * this process last saw of the stream, and one plain statement writes them only if the stream is
 * still at that head. When it is not, or when the expectation does not match that head, the
 * append function answers under the stream's row lock: wrong expected revision, a replayed or
 * conflicting command id, or the head that moved, on which the events are sealed again. The
 * remembered heads are only a guess; the database decides.
 */
export class PostgresAppender {
  private readonly heads: HeadCache;
  private readonly fast: FastAppendStatements;
  private lastTransaction = 0n;

  constructor(
    private readonly pool: Pool,
    private readonly sql: PostgresStatements,
    schema: string,
    private readonly settings: AppenderSettings,
  ) {
    this.fast = new FastAppendStatements(schema);
    this.heads = new HeadCache(settings.headCacheSize);
  }

  /** The newest transaction this process committed an append in (0 before the first). */
  get lastCommittedTransaction(): bigint {
    return this.lastTransaction;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (typeof streamId !== 'string' || streamId.length === 0) {
      throw new InvalidEventError('streamId', 'must be a non-empty string');
    }
    if (!Array.isArray(events) || events.length === 0) throw new InvalidEventError('events', 'at least one event');
    const expected = expectation(options.expectedRevision);
    assertDistinctEventIds(events);

    let head = this.heads.get(streamId);
    if (head === undefined) {
      head = expected.kind === 'no-stream' ? NO_STREAM : await this.readHead(streamId, options.expectedRevision);
    }
    const recordedAt = this.settings.now().toISOString();
    // Each stale head means another append to the stream committed: a livelock-free loop, bounded
    // only to turn a broken invariant (a stream index rewritten under us) into an error.
    for (let attempt = 1; attempt <= MAX_RESEALS; attempt++) {
      const sealed = sealEvents(streamId, head.revision + 1n, head.hash ?? GENESIS_HASH, events);
      const row = await this.attempt(streamId, options, expected, head, sealed, recordedAt);
      switch (row.outcome) {
        case 'appended':
          return this.appended(row);
        case 'replayed':
          return commandResult(commandOf(row), true);
        case 'command-conflict':
          throw new CommandIdConflictError(options.commandId as string, streamId, row.stream_id);
        case 'wrong-expected-revision':
          if (row.head_revision !== null) {
            this.heads.remember(streamId, { revision: row.head_revision, hash: row.head_hash });
          }
          throw new WrongExpectedRevisionError(streamId, options.expectedRevision, row.head_revision ?? 'no-stream');
        case 'stale-head':
          head = row.head_revision === null ? NO_STREAM : { revision: row.head_revision, hash: row.head_hash };
          this.heads.remember(streamId, head, true);
          break;
        default: {
          const unknown: never = row.outcome;
          throw new Error(`unexpected append outcome ${String(unknown)}`);
        }
      }
    }
    throw new Error(`stream ${streamId}: its head kept moving through ${MAX_RESEALS} attempts to append`);
  }

  /**
   * One transaction: the plain statement when the expectation agrees with the head the events
   * were sealed on, and the append function when it does not or when that statement wrote nothing.
   */
  private async attempt(
    streamId: string,
    options: AppendOptions,
    expected: Expectation,
    head: Head,
    sealed: readonly SealedEvent[],
    recordedAt: string,
  ): Promise<AppendRow> {
    const fast =
      sealed.length <= MAX_FAST_APPEND &&
      (expected.kind === 'any' ||
        (expected.kind === 'exact' && expected.revision === head.revision) ||
        (expected.kind === 'no-stream' && head.revision === -1n));
    try {
      return await this.inTransaction(async (query) => {
        if (fast) {
          const append: FastAppend = {
            streamId,
            sealedOnRevision: head.revision,
            sealedOnHash: head.hash,
            commandId: options.commandId,
            recordedAt,
            events: sealed,
          };
          const rows = await query<FastAppendRow>(this.fast.query(append));
          if (rows.length > 0) return appendedRow(append, rows);
        }
        const values = [
          streamId,
          expected.kind,
          expected.revision,
          head.revision,
          head.hash,
          options.commandId ?? null,
          ...appendFunctionArrays(sealed),
          recordedAt,
        ];
        return (await query<AppendRow>(named(this.sql, 'append', values)))[0];
      });
    } catch (error) {
      return this.explainViolation(error, streamId, sealed, options);
    }
  }

  private appended(row: AppendRow): AppendResult {
    const lastRevision = row.head_revision as bigint;
    const transaction = row.transaction_id as bigint;
    const lastPosition = row.last_position as bigint;
    this.heads.remember(row.stream_id, { revision: lastRevision, hash: row.head_hash });
    if (transaction > this.lastTransaction) this.lastTransaction = transaction;
    this.settings.onCommit();
    return {
      streamId: row.stream_id,
      firstRevision: row.first_revision as bigint,
      nextExpectedRevision: lastRevision,
      firstPosition: row.first_position as bigint,
      lastPosition,
      checkpoint: encodeCheckpoint(transaction, lastPosition),
      replayed: false,
    };
  }

  /** Turns the unique violations an append can meet into the ledger's answers. */
  private async explainViolation(
    error: unknown,
    streamId: string,
    sealed: readonly SealedEvent[],
    options: AppendOptions,
  ): Promise<AppendRow> {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== '23505') throw error;
    if (constraint === 'events_event_id_unique') {
      const ids = sealed.map((event) => event.eventId);
      const [row] = (await this.pool.query<{ event_id: string }>(named(this.sql, 'existingEventId', [ids]))).rows;
      throw new DuplicateEventIdError(row?.event_id ?? ids[0]);
    }
    if (constraint === 'commands_command_id_key' && options.commandId !== undefined) {
      // The same command id committed by another writer while this one was appending.
      const [recorded] = (await this.pool.query<CommandRow>(named(this.sql, 'findCommand', [options.commandId]))).rows;
      if (recorded === undefined) throw error;
      if (recorded.stream_id !== streamId) {
        throw new CommandIdConflictError(options.commandId, streamId, recorded.stream_id);
      }
      return { outcome: 'replayed', ...recorded, head_revision: recorded.last_revision, head_hash: null };
    }
    throw error;
  }

  /**
   * Without a beforeCommit hook every statement is its own transaction (the append is one round
   * trip); with it, the attempt runs in BEGIN … COMMIT with the hook just before COMMIT.
   */
  private async inTransaction(work: (query: Query) => Promise<AppendRow>): Promise<AppendRow> {
    const beforeCommit = this.settings.beforeCommit;
    if (beforeCommit === undefined) {
      return work(async (config) => (await this.pool.query(config)).rows);
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const row = await work(async (config) => (await client.query(config)).rows);
        if (row.outcome === 'appended') await beforeCommit();
        await client.query('COMMIT');
        return row;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  /** The committed head, checked against the expectation before anything is sealed. */
  private async readHead(streamId: string, expected: ExpectedRevision): Promise<Head> {
    const [row] = (await this.pool.query<{ revision: bigint; hash: string }>(named(this.sql, 'readHead', [streamId])))
      .rows;
    assertExpectedRevision(streamId, expected, row?.revision);
    if (row === undefined) return NO_STREAM;
    const head = { revision: row.revision, hash: row.hash };
    this.heads.remember(streamId, head);
    return head;
  }

}

interface Expectation {
  readonly kind: 'exact' | 'no-stream' | 'any';
  readonly revision: StreamRevision | null;
}

function expectation(expected: ExpectedRevision): Expectation {
  if (expected === 'any' || expected === 'no-stream') return { kind: expected, revision: null };
  if (typeof expected !== 'bigint' || expected < 0n) {
    throw new TypeError(`expected revision must be a non-negative bigint, 'no-stream' or 'any'`);
  }
  return { kind: 'exact', revision: expected };
}

function assertDistinctEventIds(events: readonly NewEvent[]): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
  }
}

type Query = <Row extends QueryResultRow>(config: QueryConfig) => Promise<Row[]>;

function commandOf(row: AppendRow): CommandRow {
  return {
    stream_id: row.stream_id,
    first_revision: row.first_revision as bigint,
    last_revision: row.head_revision as bigint,
    first_position: row.first_position as bigint,
    last_position: row.last_position as bigint,
    transaction_id: row.transaction_id as bigint,
  };
}
