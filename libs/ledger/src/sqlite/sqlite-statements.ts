import type Database from 'better-sqlite3';

export interface EventRow {
  readonly global_position: bigint;
  readonly stream_id: string;
  readonly revision: bigint;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: bigint;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly prev_hash: string;
  readonly hash: string;
}

const EVENT_COLUMNS =
  'global_position, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/** Prepared once per connection; integers come back as bigint (64-bit revisions and positions). */
export class SqliteStatements {
  readonly begin: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;
  readonly savepoint: Database.Statement;
  readonly release: Database.Statement;
  readonly rollbackToSavepoint: Database.Statement;
  readonly lastPosition: Database.Statement;
  readonly streamHead: Database.Statement;
  readonly findCommand: Database.Statement;
  readonly eventIdExists: Database.Statement;
  readonly insertEvent: Database.Statement;
  readonly upsertStream: Database.Statement;
  readonly insertCommand: Database.Statement;
  readonly readStreamForward: Database.Statement;
  readonly readStreamBackward: Database.Statement;
  readonly readAll: Database.Statement;
  readonly streamHeadsPage: Database.Statement;

  constructor(db: Database.Database) {
    const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append');
    this.lastPosition = prepare('SELECT max(global_position) AS position FROM events');
    this.streamHead = prepare('SELECT revision, hash FROM streams WHERE stream_id = ?');
    this.findCommand = prepare(
      'SELECT stream_id, first_revision, last_revision, first_position, last_position FROM commands WHERE command_id = ?',
    );
    this.eventIdExists = prepare('SELECT 1 FROM events WHERE event_id = ?').pluck();
    this.insertEvent = prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertStream = prepare(
      'INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?) ' +
        'ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
    );
    this.insertCommand = prepare(
      'INSERT INTO commands (command_id, stream_id, first_revision, last_revision, first_position, last_position) ' +
        'VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.readStreamForward = prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ` +
        'ORDER BY revision LIMIT ?',
    );
    this.readStreamBackward = prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? ` +
        'ORDER BY revision DESC LIMIT ?',
    );
    this.readAll = prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    );
    this.streamHeadsPage = prepare(
      'SELECT stream_id, revision, hash FROM streams WHERE stream_id > ? ORDER BY stream_id LIMIT ?',
    );
  }

  nextPosition(): bigint {
    const row = this.lastPosition.get() as { position: bigint | null };
    return (row.position ?? 0n) + 1n;
  }
}
