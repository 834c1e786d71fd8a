import type { SealedEvent } from '../hash-chain';

/**
 * The append function, for what the plain statement of postgres-fast-append does not cover:
 * appends too large for it, and every append that statement could not write.
 *
 * The caller has sealed the events on the head it believes the stream has (p_sealed_on_*; -1 and
 * no hash for a stream that does not exist). When that head is also what the caller expects, the
 * fast path moves the head with one conditional UPDATE (or creates the stream row): the row lock
 * it takes is the per-stream lock, and under READ COMMITTED a concurrent writer that got there
 * first makes the condition false after waiting, so the append cannot slip past it. Otherwise the
 * slow path takes the lock, finds out why, and answers without writing anything, so a refused
 * append leaves nothing behind.
 *
 * Outcomes: appended | replayed | command-conflict | wrong-expected-revision | stale-head (the
 * head moved: re-seal the events on the returned head and call again).
 */
export function appendFunctionDdl(s: string): string {
  return `
CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream_id text,
  p_expected_kind text,
  p_expected_revision bigint,
  p_sealed_on_revision bigint,
  p_sealed_on_hash text,
  p_command_id text,
  p_event_ids text[],
  p_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[],
  p_prev_hashes text[],
  p_hashes text[],
  p_recorded_at text
) RETURNS TABLE (
  outcome text, stream_id text, head_revision bigint, head_hash text, first_revision bigint,
  first_position bigint, last_position bigint, transaction_id xid8
) LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_count integer := cardinality(p_event_ids);
  v_last bigint := p_sealed_on_revision + cardinality(p_event_ids);
  v_written boolean := false;
  v_revision bigint;
  v_hash text;
  v_command ${s}.commands%ROWTYPE;
  v_first_position bigint;
  v_last_position bigint;
BEGIN
  IF p_command_id IS NOT NULL THEN
    SELECT * INTO v_command FROM ${s}.commands AS c WHERE c.command_id = p_command_id;
  END IF;

  IF v_command.command_id IS NULL AND (
       p_expected_kind = 'any'
       OR (p_expected_kind = 'exact' AND p_expected_revision = p_sealed_on_revision)
       OR (p_expected_kind = 'no-stream' AND p_sealed_on_revision = -1)) THEN
    IF p_sealed_on_revision = -1 THEN
      INSERT INTO ${s}.streams (stream_id, revision, hash) VALUES (p_stream_id, v_last, p_hashes[v_count])
        ON CONFLICT DO NOTHING;
    ELSE
      UPDATE ${s}.streams AS h SET revision = v_last, hash = p_hashes[v_count]
       WHERE h.stream_id = p_stream_id AND h.revision = p_sealed_on_revision AND h.hash = p_sealed_on_hash;
    END IF;
    v_written := FOUND;
  END IF;

  IF NOT v_written THEN
    SELECT h.revision, h.hash INTO v_revision, v_hash
      FROM ${s}.streams AS h WHERE h.stream_id = p_stream_id FOR UPDATE;
    -- Under the lock: a twin of this command that held it has committed by now.
    IF p_command_id IS NOT NULL AND v_command.command_id IS NULL THEN
      SELECT * INTO v_command FROM ${s}.commands AS c WHERE c.command_id = p_command_id;
    END IF;
    IF v_command.command_id IS NOT NULL THEN
      RETURN QUERY SELECT
        CASE WHEN v_command.stream_id = p_stream_id THEN 'replayed' ELSE 'command-conflict' END,
        v_command.stream_id, v_command.last_revision, NULL::text, v_command.first_revision,
        v_command.first_position, v_command.last_position, v_command.transaction_id;
    ELSIF (p_expected_kind = 'no-stream' AND v_revision IS NOT NULL)
       OR (p_expected_kind = 'exact' AND v_revision IS DISTINCT FROM p_expected_revision) THEN
      RETURN QUERY SELECT 'wrong-expected-revision', p_stream_id, v_revision, v_hash,
        NULL::bigint, NULL::bigint, NULL::bigint, NULL::xid8;
    ELSE
      RETURN QUERY SELECT 'stale-head', p_stream_id, v_revision, v_hash,
        NULL::bigint, NULL::bigint, NULL::bigint, NULL::xid8;
    END IF;
    RETURN;
  END IF;

  -- Sorted by ordinal so that positions follow revisions.
  WITH inserted AS (
    INSERT INTO ${s}.events
      (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT p_stream_id, p_sealed_on_revision + e.ordinal, e.event_id, e.type, e.schema_version, e.data,
           e.metadata, p_recorded_at, e.prev_hash, e.hash
      FROM unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata, p_prev_hashes, p_hashes)
           WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, prev_hash, hash, ordinal)
     ORDER BY e.ordinal
    RETURNING global_position
  )
  SELECT min(i.global_position), max(i.global_position) INTO v_first_position, v_last_position
    FROM inserted AS i;

  IF p_command_id IS NOT NULL THEN
    INSERT INTO ${s}.commands
      (command_id, stream_id, first_revision, last_revision, first_position, last_position, transaction_id)
    VALUES (p_command_id, p_stream_id, p_sealed_on_revision + 1, v_last, v_first_position, v_last_position,
            pg_current_xact_id());
  END IF;

  RETURN QUERY SELECT 'appended', p_stream_id, v_last, p_hashes[v_count], p_sealed_on_revision + 1,
    v_first_position, v_last_position, pg_current_xact_id();
END
$fn$;
`;
}

/** The append function's array parameters (p_event_ids … p_hashes), in its order. */
export function appendFunctionArrays(sealed: readonly SealedEvent[]): unknown[] {
  return [
    sealed.map((event) => event.eventId),
    sealed.map((event) => event.type),
    sealed.map((event) => event.schemaVersion),
    sealed.map((event) => event.dataJson),
    sealed.map((event) => event.metadataJson),
    sealed.map((event) => event.prevHash),
    sealed.map((event) => event.hash),
  ];
}
