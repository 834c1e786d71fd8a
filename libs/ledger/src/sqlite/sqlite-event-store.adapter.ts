import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Observable, Subject } from 'rxjs';
import { catchUpSubscription } from '../catch-up-subscription';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint';
import type { NewEvent, RecordedEvent } from '../envelope';
import { LOG_START } from '../envelope';
import {
  CommandIdConflictError,
  DuplicateEventIdError,
  InvalidEventError,
  StreamNotFoundError,
} from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LogHead,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH, sealEvents } from '../hash-chain';
import { SQLITE_SCHEMA } from './sqlite-schema';
import { EVENT_VALUES_PER_ROW, type EventRow, MAX_INSERT_ROWS, SqliteStatements } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** Path of the database file, or ':memory:'. */
  readonly file: string;
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
  /** Appends gathered into one transaction at most (group commit). */
  readonly maxBatch?: number;
  /**
   * `full` (default): every acknowledged append survives a power cut. `normal` is for bulk loads
   * that can be run again (the seed): WAL stays consistent after a crash, but the last commits
   * before a power cut may be lost; the WAL is synced at each checkpoint and on close.
   */
  readonly durability?: SqliteDurability;
}

export type SqliteDurability = 'full' | 'normal';

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The embedded store on better-sqlite3 (WAL, synchronous=FULL). Appends made in the same turn of
 * the event loop share one transaction and so one fsync (group commit); each caller is answered
 * only after that COMMIT has returned. A failed append is rolled back to its own savepoint and
 * leaves no trace; the others in the batch still commit.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly committed$ = new Subject<void>();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly sql: SqliteStatements,
    private readonly now: () => Date,
    private readonly pollIntervalMs: number,
    private readonly maxBatch: number,
  ) {}

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    const db = new Database(options.file);
    // Takes effect only when the file is created (events are ~1 kB rows): fewer, fuller pages.
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    // 64 MiB of page cache (the default is 2 MiB): the event-id and command indexes are random-keyed.
    db.pragma('cache_size = -65536');
    db.exec(SQLITE_SCHEMA);
    return new SqliteEventStore(
      db,
      new SqliteStatements(db),
      options.now ?? (() => new Date()),
      options.pollIntervalMs ?? 200,
      options.maxBatch ?? 1000,
    );
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    if (typeof streamId !== 'string' || streamId.length === 0) {
      return Promise.reject(new InvalidEventError('streamId', 'must be a non-empty string'));
    }
    if (!Array.isArray(events) || events.length === 0) {
      return Promise.reject(new InvalidEventError('events', 'at least one event is required'));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, options, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      const outcomes = this.commitBatch(batch);
      batch.forEach((request, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) request.resolve(outcome.result);
        else request.reject(outcome.error);
      });
      if (outcomes.some((outcome) => outcome.ok)) this.committed$.next();
    }
  }

  /** One transaction for the whole batch; answers are given only after COMMIT returned. */
  private commitBatch(batch: readonly PendingAppend[]): Outcome[] {
    // A lone append needs no savepoint: if it fails, the whole transaction is rolled back.
    const isolate = batch.length > 1;
    const outcomes: Outcome[] = [];
    try {
      this.sql.begin.run();
      for (const request of batch) {
        if (isolate) this.sql.savepoint.run();
        try {
          const result = this.appendInTransaction(request);
          if (isolate) this.sql.release.run();
          outcomes.push({ ok: true, result });
        } catch (error) {
          if (isolate) {
            this.sql.rollbackToSavepoint.run();
            this.sql.release.run();
          } else {
            this.sql.rollback.run();
          }
          outcomes.push({ ok: false, error: this.explain(error, request) });
        }
      }
      if (this.db.inTransaction) this.sql.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.sql.rollback.run();
      return batch.map(() => ({ ok: false, error }));
    }
  }

  private appendInTransaction(request: PendingAppend): AppendResult {
    const { streamId, events, options } = request;
    // One lookup for both the command record and the stream head.
    const found = this.sql.lookup.get({ commandId: options.commandId ?? null, streamId }) as LookupRow;
    if (found.command_stream_id !== null) {
      if (found.command_stream_id !== streamId) {
        throw new CommandIdConflictError(options.commandId as string, streamId, found.command_stream_id);
      }
      return commandResult({ ...found, stream_id: found.command_stream_id } as CommandRow, true);
    }
    const current = found.head_revision ?? undefined;
    assertExpectedRevision(streamId, options.expectedRevision, current);
    const firstRevision = current === undefined ? 0n : current + 1n;
    const sealed = sealEvents(streamId, firstRevision, found.head_hash ?? GENESIS_HASH, events);
    const recordedAt = this.now().toISOString();
    // Positions are the rowids SQLite assigns: the largest so far plus one, row after row, so the
    // rows of one statement get consecutive positions.
    let firstPosition = 0n;
    let lastPosition = 0n;
    for (let start = 0; start < sealed.length; start += MAX_INSERT_ROWS) {
      const rows = Math.min(MAX_INSERT_ROWS, sealed.length - start);
      const values: unknown[] = new Array(rows * EVENT_VALUES_PER_ROW);
      let v = 0;
      for (let i = start; i < start + rows; i++) {
        const event = sealed[i];
        values[v++] = streamId;
        values[v++] = event.revision;
        values[v++] = event.eventId;
        values[v++] = event.type;
        values[v++] = event.schemaVersion;
        values[v++] = event.dataJson;
        values[v++] = event.metadataJson;
        values[v++] = recordedAt;
        values[v++] = event.prevHash;
        values[v++] = event.hash;
      }
      lastPosition = this.sql.insertEvents(rows).run(values).lastInsertRowid as bigint;
      if (firstPosition === 0n) firstPosition = lastPosition - BigInt(rows) + 1n;
    }
    const last = sealed[sealed.length - 1];
    if (options.commandId !== undefined) {
      this.sql.insertCommand.run(
        options.commandId,
        streamId,
        firstRevision,
        last.revision,
        firstPosition,
        lastPosition,
        last.hash,
      );
    }
    return {
      streamId,
      firstRevision,
      nextExpectedRevision: last.revision,
      firstPosition,
      lastPosition,
      checkpoint: encodeCheckpoint(lastPosition),
      replayed: false,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? -1;
    const rows = (
      backwards
        ? this.sql.readStreamBackward.all(
            streamId,
            options.fromRevision ?? Number.MAX_SAFE_INTEGER,
            options.toRevision ?? 0,
            limit,
          )
        : this.sql.readStreamForward.all(
            streamId,
            options.fromRevision ?? 0,
            options.toRevision ?? Number.MAX_SAFE_INTEGER,
            limit,
          )
    ) as EventRow[];
    if (rows.length === 0 && this.sql.streamExists.get(streamId) === undefined) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    // better-sqlite3 answers at once: without a turn of the event loop here, a reader going page
    // after page (a projection catching up, the notary, the rules engine) would hold the process
    // until the end of the log, and the HTTP server would not even start listening meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const from = options.from ?? LOG_START;
    const maxCount = options.maxCount ?? 1000;
    const [after = 0n] = decodeCheckpoint(from, 1);
    const rows = this.sql.readAll.all(after, maxCount) as EventRow[];
    const events = rows.map(toRecordedEvent);
    return {
      events,
      next: events.length > 0 ? events[events.length - 1].checkpoint : from,
      isEnd: events.length < maxCount,
    };
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return catchUpSubscription((o) => this.readAll(o), this.committed$, {
      from: options.from,
      pageSize: options.pageSize,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const row = this.sql.findCommand.get(commandId) as CommandRow | undefined;
    return row ? commandResult(row, true) : undefined;
  }

  /**
   * The last revision and hash that each stream's recorded commands appended: events deleted
   * from the end of a stream leave these ahead of the log. Appends made without a command id are
   * covered by the chain and the Merkle log only.
   */
  async *streamHeads(): AsyncIterable<StreamHead> {
    const rows = this.sql.recordedHeads.all() as { stream_id: string; revision: bigint; hash: string }[];
    for (const row of rows) yield { streamId: row.stream_id, revision: row.revision, hash: row.hash };
  }

  async head(): Promise<LogHead> {
    // Positions are dense from 1 (an append that fails rolls its positions back), so the last
    // position is also the number of events.
    const last = this.sql.lastPosition.get() as { position: bigint | null };
    return {
      eventCount: last.position ?? 0n,
      lastPosition: last.position,
      checkpoint: last.position === null ? LOG_START : encodeCheckpoint(last.position),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.committed$.complete();
    this.db.close();
  }

  /** A unique-index failure on event_id becomes the typed error naming the duplicate. */
  private explain(error: unknown, request: PendingAppend): unknown {
    const { code, message } = error as { code?: string; message?: string };
    if (code !== 'SQLITE_CONSTRAINT_UNIQUE' || !message?.includes('events.event_id')) return error;
    const seen = new Set<string>();
    for (const event of request.events) {
      if (seen.has(event.eventId) || this.sql.eventIdExists.get(event.eventId) !== undefined) {
        return new DuplicateEventIdError(event.eventId);
      }
      seen.add(event.eventId);
    }
    return error;
  }

  /** The underlying connection, for the online backup and for tests that play a rogue operator. */
  get database(): Database.Database {
    return this.db;
  }
}

interface LookupRow {
  readonly head_revision: bigint | null;
  readonly head_hash: string | null;
  readonly command_stream_id: string | null;
  readonly first_revision: bigint | null;
  readonly last_revision: bigint | null;
  readonly first_position: bigint | null;
  readonly last_position: bigint | null;
}

interface CommandRow {
  readonly stream_id: string;
  readonly first_revision: bigint;
  readonly last_revision: bigint;
  readonly first_position: bigint;
  readonly last_position: bigint;
}

function commandResult(row: CommandRow, replayed: boolean): AppendResult {
  return {
    streamId: row.stream_id,
    firstRevision: row.first_revision,
    nextExpectedRevision: row.last_revision,
    firstPosition: row.first_position,
    lastPosition: row.last_position,
    checkpoint: encodeCheckpoint(row.last_position),
    replayed,
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.global_position,
    checkpoint: encodeCheckpoint(row.global_position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    integrity: { prevHash: row.prev_hash, hash: row.hash },
  };
}
