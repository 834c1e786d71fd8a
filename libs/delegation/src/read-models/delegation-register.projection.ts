import type { RecordedEvent } from '@app/ledger';
import { countyOf } from '@app/platform/jurisdiction';
import type { Projection, ReadStoreTx, TableName } from '@app/projections';
import type { DelegationEvent } from '../delegation.events';
import { localDateOfMillis, requireInstant } from '../delegation.time';

export const DELEGATION_REGISTER = 'delegation_register';
export const DELEGATIONS_TABLE = 'delegations';
export const PROGRAMMES_TABLE = 'programmes';
export const SUSPENSIONS_TABLE = 'suspensions';

const DELEGATION_STREAM_PREFIX = 'delegation-';

export const DELEGATION_REGISTER_EVENT_TYPES: readonly DelegationEvent['type'][] = Object.freeze([
  'DelegationGranted',
  'DelegationSuspended',
  'DelegationResumed',
  'DelegationRevoked',
]);

/**
 * The delegation register across townships: one row per grant, its programmes with their terms,
 * and its suspensions as intervals. Every change carries its effective date, the local (UTC+8)
 * date of the instant it was recorded, beside the instant itself; the status on a day is then
 * answered in SQL (see delegation-register.query.ts) from dates alone. A delegation is keyed by
 * its township and id: ids are unique within a township's stream, which is all the decider checks.
 *
 * Idempotent: each row keeps the stream revision of the last event it took and skips any event at
 * or below it, so a batch offered again after an unclean stop changes nothing.
 */
export const delegationRegisterProjection: Projection = {
  name: DELEGATION_REGISTER,
  version: 1,
  runsWhere: 'async',
  handles: DELEGATION_REGISTER_EVENT_TYPES,
  tables: [DELEGATIONS_TABLE, PROGRAMMES_TABLE, SUSPENSIONS_TABLE],

  async setup(tx: ReadStoreTx, table: TableName): Promise<void> {
    const d = table(DELEGATIONS_TABLE);
    const p = table(PROGRAMMES_TABLE);
    const s = table(SUSPENSIONS_TABLE);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS ${d} (
        township_code TEXT NOT NULL,
        delegation_id TEXT NOT NULL,
        county_code TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_to TEXT NOT NULL,
        document TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        granted_on TEXT NOT NULL,
        revoked_at TEXT,
        revoked_on TEXT,
        revocation_reason TEXT,
        updated_revision BIGINT NOT NULL,
        PRIMARY KEY (township_code, delegation_id)
      );
      CREATE INDEX IF NOT EXISTS ${d}_county ON ${d} (county_code, township_code);
      CREATE TABLE IF NOT EXISTS ${p} (
        township_code TEXT NOT NULL,
        delegation_id TEXT NOT NULL,
        programme TEXT NOT NULL,
        position INTEGER NOT NULL,
        max_amount_fen BIGINT,
        spot_check_ratio DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (township_code, delegation_id, programme)
      );
      CREATE INDEX IF NOT EXISTS ${p}_programme ON ${p} (programme);
      CREATE TABLE IF NOT EXISTS ${s} (
        township_code TEXT NOT NULL,
        delegation_id TEXT NOT NULL,
        suspended_revision BIGINT NOT NULL,
        suspended_at TEXT NOT NULL,
        suspended_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        resumed_revision BIGINT,
        resumed_at TEXT,
        resumed_on TEXT,
        PRIMARY KEY (township_code, delegation_id, suspended_revision)
      );
    `);
  },

  async apply(tx: ReadStoreTx, event: RecordedEvent, table: TableName): Promise<void> {
    // Other contexts may use an event type of the same name on their own streams.
    if (!event.streamId.startsWith(DELEGATION_STREAM_PREFIX)) return;
    const townshipCode = event.streamId.slice(DELEGATION_STREAM_PREFIX.length);
    const revision = Number(event.revision);
    const rows = new RegisterRows(tx, table, townshipCode, revision);
    const recorded = event as unknown as RecordedEvent<DelegationEvent>;
    switch (recorded.type) {
      case 'DelegationGranted':
        return rows.granted(recorded.data);
      case 'DelegationSuspended': {
        const { delegationId, suspendedAt, reason } = recorded.data;
        return rows.change(delegationId, async () => {
          await tx.run(
            `INSERT INTO ${table(SUSPENSIONS_TABLE)} (township_code, delegation_id, suspended_revision, suspended_at, suspended_on,
               reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (township_code, delegation_id, suspended_revision) DO NOTHING`,
            [townshipCode, delegationId, revision, suspendedAt, localDate(suspendedAt), reason],
          );
        });
      }
      case 'DelegationResumed': {
        const { delegationId, resumedAt } = recorded.data;
        return rows.change(delegationId, async () => {
          // The decider resumes only the open suspension, the latest one.
          await tx.run(
            `UPDATE ${table(SUSPENSIONS_TABLE)} SET resumed_revision = ?, resumed_at = ?, resumed_on = ?
             WHERE township_code = ? AND delegation_id = ? AND resumed_revision IS NULL`,
            [revision, resumedAt, localDate(resumedAt), townshipCode, delegationId],
          );
        });
      }
      case 'DelegationRevoked': {
        const { delegationId, revokedAt, reason } = recorded.data;
        return rows.change(delegationId, async () => {
          await tx.run(
            `UPDATE ${table(DELEGATIONS_TABLE)} SET revoked_at = ?, revoked_on = ?, revocation_reason = ?
             WHERE township_code = ? AND delegation_id = ?`,
            [revokedAt, localDate(revokedAt), reason, townshipCode, delegationId],
          );
        });
      }
      default: {
        const _exhaustive: never = recorded;
        return _exhaustive;
      }
    }
  },
};

/** The writes of one event of a township's stream. */
class RegisterRows {
  constructor(
    private readonly tx: ReadStoreTx,
    private readonly table: TableName,
    private readonly townshipCode: string,
    private readonly revision: number,
  ) {}

  /** A grant is the first event of its delegation: inserted once, never overwritten by a replay. */
  async granted(data: Extract<DelegationEvent, { type: 'DelegationGranted' }>['data']): Promise<void> {
    const { delegationId } = data;
    const inserted = await this.tx.run(
      `INSERT INTO ${this.table(DELEGATIONS_TABLE)} (township_code, delegation_id, county_code, valid_from, valid_to, document,
         granted_by, granted_at, granted_on, updated_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (township_code, delegation_id) DO NOTHING`,
      [
        this.townshipCode,
        delegationId,
        countyOf(this.townshipCode) ?? data.countyCode,
        data.validFrom,
        data.validTo,
        data.document,
        JSON.stringify({ id: data.grantedBy.id, role: data.grantedBy.role, unit: data.grantedBy.unit }),
        data.grantedAt,
        localDate(data.grantedAt),
        this.revision,
      ],
    );
    if (inserted === 0) return;
    for (const [position, terms] of data.programmes.entries()) {
      await this.tx.run(
        `INSERT INTO ${this.table(PROGRAMMES_TABLE)} (township_code, delegation_id, programme, position, max_amount_fen,
           spot_check_ratio) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (township_code, delegation_id, programme) DO NOTHING`,
        [this.townshipCode, delegationId, terms.programme, position, terms.maxAmountFen ?? null, terms.spotCheckRatio],
      );
    }
  }

  /**
   * A later event of a delegation: written only if the row has not taken it yet. A change to a
   * delegation whose grant was never seen cannot come from the decider, and is left out.
   */
  async change(delegationId: string, write: () => Promise<void>): Promise<void> {
    const d = this.table(DELEGATIONS_TABLE);
    const row = await this.tx.get<{ updated_revision: number | string }>(
      `SELECT updated_revision FROM ${d} WHERE township_code = ? AND delegation_id = ?`,
      [this.townshipCode, delegationId],
    );
    if (!row || Number(row.updated_revision) >= this.revision) return;
    await write();
    await this.tx.run(`UPDATE ${d} SET updated_revision = ? WHERE township_code = ? AND delegation_id = ?`, [
      this.revision,
      this.townshipCode,
      delegationId,
    ]);
  }
}

/** The effective date of a change: the local (UTC+8) date of the instant it was recorded. */
function localDate(instant: string): string {
  return localDateOfMillis(requireInstant(instant, 'recorded instant'));
}
