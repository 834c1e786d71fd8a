import { appendFunctionDdl } from './postgres-append-function';

/**
 * The PostgreSQL store's tables, the append-only guard and the append function, all created
 * idempotently in one schema.
 *
 * - events: the log. Data and metadata are text holding the canonical JSON that was hashed (jsonb
 *   would reorder keys and reject \u0000). `transaction_id` is the writing transaction's xid8;
 *   the primary key (transaction_id, global_position) is the global log order (see the adapter).
 * - streams: the stream index (last revision and hash); its row is the per-stream lock.
 * - commands: what each command id appended, for idempotent retries. The checkpoint of its last
 *   event is kept as the tuple it encodes (transaction_id, last_position).
 */
export function schemaDdl(schema: string): string {
  const s = quoteSchema(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.events (
  global_position bigint  GENERATED ALWAYS AS IDENTITY,
  transaction_id  xid8    NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text    COLLATE "C" NOT NULL,
  revision        bigint  NOT NULL,
  event_id        text    COLLATE "C" NOT NULL,
  type            text    NOT NULL,
  schema_version  integer NOT NULL,
  data            text    NOT NULL,
  metadata        text    NOT NULL,
  recorded_at     text    NOT NULL,
  prev_hash       text    NOT NULL,
  hash            text    NOT NULL,
  CONSTRAINT events_log_order PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
);

-- Room on each page lets the head's update stay on the page (HOT) without touching the index.
CREATE TABLE IF NOT EXISTS ${s}.streams (
  stream_id text   COLLATE "C" PRIMARY KEY,
  revision  bigint NOT NULL,
  hash      text   NOT NULL
) WITH (fillfactor = 70);

CREATE TABLE IF NOT EXISTS ${s}.commands (
  command_id     text   COLLATE "C" CONSTRAINT commands_command_id_key PRIMARY KEY,
  stream_id      text   COLLATE "C" NOT NULL,
  first_revision bigint NOT NULL,
  last_revision  bigint NOT NULL,
  first_position bigint NOT NULL,
  last_position  bigint NOT NULL,
  transaction_id xid8   NOT NULL
);

CREATE OR REPLACE FUNCTION ${s}.reject_event_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on %.events is refused', TG_OP, TG_TABLE_SCHEMA
    USING ERRCODE = 'restrict_violation';
END
$fn$;

DO $do$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = '${s}.events'::regclass AND tgname = 'events_append_only') THEN
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
      FOR EACH ROW EXECUTE FUNCTION ${s}.reject_event_change();
  END IF;
  IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = '${s}.events'::regclass AND tgname = 'events_no_truncate') THEN
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.reject_event_change();
  END IF;
END
$do$;

${appendFunctionDdl(s)}
`;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Schema names are restricted to plain identifiers, so quoting them is all the escaping needed. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`schema must be a plain identifier (letters, digits, _): ${JSON.stringify(schema)}`);
  }
  return `"${schema}"`;
}
