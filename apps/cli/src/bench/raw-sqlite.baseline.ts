import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSystem, LoggedEvent, LogReader } from './bench-system';
import type { BenchAppend } from './workload-plan';

const SCHEMA = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT    NOT NULL,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL
);
CREATE UNIQUE INDEX events_stream_revision ON events (stream, revision);
`;

interface RawRow {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const COLUMNS = 'position, stream, revision, event_id, type, data, metadata';

/**
 * The floor to compare with: better-sqlite3 in WAL mode with synchronous=FULL, one transaction per
 * append, a unique index on (stream, revision) as the only check. The expected version becomes the
 * first revision written, so a stale writer hits the index; a writer that is ahead is not caught.
 */
export class RawSqliteBaseline implements BenchSystem {
  readonly role = 'raw' as const;
  readonly label = 'raw better-sqlite3 (WAL, FULL)';
  private readonly insertAppend: (append: BenchAppend) => void;
  private readonly readPage: Database.Statement<[number, number], RawRow>;
  private readonly readStreamRows: Database.Statement<[string], RawRow>;
  private readonly head: Database.Statement<[], { count: number; last: number | null }>;

  private constructor(
    private readonly db: Database.Database,
    private readonly dir: string,
  ) {
    const insert = db.prepare(
      'INSERT INTO events (stream, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertAppend = db.transaction((append: BenchAppend) => {
      let revision = append.expectedVersion;
      for (const event of append.events) {
        insert.run(
          append.streamId,
          revision,
          event.eventId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        revision += 1;
      }
    });
    this.readPage = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    this.readStreamRows = db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision`);
    this.head = db.prepare('SELECT count(*) AS count, max(position) AS last FROM events');
  }

  static open(): RawSqliteBaseline {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-raw-'));
    const db = new Database(join(dir, 'raw.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    return new RawSqliteBaseline(db, dir);
  }

  append(append: BenchAppend): Promise<unknown> {
    try {
      this.insertAppend(append);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async openLog(pageSize: number, from: 'start' | 'end'): Promise<LogReader> {
    let after = from === 'start' ? 0 : ((this.head.get() as { last: number | null }).last ?? 0);
    return {
      next: async () => {
        const events = this.readPage.all(after, pageSize).map(decode);
        if (events.length > 0) after = events[events.length - 1].globalPosition;
        return { events, isEnd: events.length < pageSize };
      },
    };
  }

  async readStream(streamId: string): Promise<readonly LoggedEvent[]> {
    return this.readStreamRows.all(streamId).map(decode);
  }

  async logHead(): Promise<string> {
    const head = this.head.get() as { count: number; last: number | null };
    return `${head.count} events, last position ${String(head.last)}`;
  }

  async dispose(): Promise<void> {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function decode(row: RawRow) {
  return {
    globalPosition: row.position,
    streamId: row.stream,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
  };
}
