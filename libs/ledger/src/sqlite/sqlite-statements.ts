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

/** Rows written by one INSERT statement at most; the values of one row are EVENT_VALUES_PER_ROW. */
export const MAX_INSERT_ROWS = 32;
export const EVENT_VALUES_PER_ROW = 10;

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
  readonly lookup: Database.Statement;
  readonly streamExists: Database.Statement;
  readonly findCommand: Database.Statement;
  readonly eventIdExists: Database.Statement;
  private readonly insertStatements = new Map<number, Database.Statement>();
  readonly insertCommand: Database.Statement;
  readonly readStreamForward: Database.Statement;
  readonly readStreamBackward: Database.Statement;
  readonly readAll: Database.Statement;
  readonly recordedHeads: Database.Statement;

  private readonly prepareInsert: (rows: number) => Database.Statement;

  constructor(db: Database.Database) {
    const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append');
    this.lastPosition = prepare('SELECT max(global_position) AS position FROM events');
    this.lookup = prepare(
      'SELECT e.revision AS head_revision, e.hash AS head_hash, c.stream_id AS command_stream_id, ' +
        'c.first_revision, c.last_revision, c.first_position, c.last_position ' +
        'FROM (SELECT 1) ' +
        'LEFT JOIN commands AS c ON c.command_id = @commandId ' +
        'LEFT JOIN events AS e ON e.global_position = (' +
        'SELECT global_position FROM events WHERE stream_id = @streamId ORDER BY revision DESC LIMIT 1)',
    );
    this.streamExists = prepare('SELECT 1 FROM events WHERE stream_id = ? LIMIT 1').pluck();
    this.findCommand = prepare(
      'SELECT stream_id, first_revision, last_revision, first_position, last_position FROM commands WHERE command_id = ?',
    );
    this.eventIdExists = prepare('SELECT 1 FROM events WHERE event_id = ?').pluck();
    this.prepareInsert = (rows) =>
      prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) ' +
          `VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
    this.insertCommand = prepare(
      'INSERT INTO commands (command_id, stream_id, first_revision, last_revision, first_position, last_position, last_hash) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?)',
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
    // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
    this.recordedHeads = prepare(
      'SELECT stream_id, max(last_revision) AS revision, last_hash AS hash FROM commands GROUP BY stream_id',
    );
  }

  /**
   * An INSERT of `rows` events (1..MAX_INSERT_ROWS) in one statement, prepared on first use: one
   * statement run per chunk of a multi-event append instead of one per event.
   */
  insertEvents(rows: number): Database.Statement {
    let statement = this.insertStatements.get(rows);
    if (statement === undefined) {
      statement = this.prepareInsert(rows);
      this.insertStatements.set(rows, statement);
    }
    return statement;
  }
}
