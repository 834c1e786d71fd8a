import type { Actor } from '@app/ledger/envelope';
import { type ReadStore, type ReadStoreTx, readProjection, type TableName } from '@app/projections';
import type { DelegatedProgramme, Programme } from '../delegation.events';
import type { DelegationStatus } from '../delegation.queries';
import {
  DELEGATION_REGISTER,
  DELEGATIONS_TABLE,
  PROGRAMMES_TABLE,
  SUSPENSIONS_TABLE,
} from './delegation-register.projection';

export const DELEGATION_REGISTER_MAX_PAGE_SIZE = 100;

/** A grant's status on a day; a grant recorded after the day is not in that day's register at all. */
export type RegisterStatus = Exclude<DelegationStatus, 'not-yet-granted'>;

export const REGISTER_STATUSES: readonly RegisterStatus[] = Object.freeze([
  'in-force',
  'suspended',
  'revoked',
  'expired',
  'not-yet-valid',
]);

export interface DelegationRegisterFilter {
  /** The local (UTC+8) date asked about, 'YYYY-MM-DD'. */
  readonly date: string;
  /** The reader's jurisdiction: a city, county or township code; nothing outside it is counted. */
  readonly within: string;
  readonly township?: string;
  readonly county?: string;
  /** Only grants that delegate this programme. */
  readonly programme?: Programme;
  /** Only grants with this status on the date; the totals still count every status. */
  readonly status?: RegisterStatus;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface RegisterSuspension {
  /** Effective date: the local date it was recorded; suspended from that day on. */
  readonly from: string;
  /** The local date of the resumption, from which it is in force again; null while it lasts. */
  readonly until: string | null;
  readonly suspendedAt: string;
  readonly resumedAt: string | null;
  readonly reason: string;
}

export interface RegisterRevocation {
  /** Effective date: revoked from that day on. */
  readonly on: string;
  readonly revokedAt: string;
  readonly reason: string;
}

export interface RegisterDelegation {
  readonly delegationId: string;
  readonly townshipCode: string;
  readonly countyCode: string;
  /** On the date asked about. */
  readonly status: RegisterStatus;
  /** In the order granted; `maxAmountFen` is the cap per case of 临时救助. */
  readonly programmes: readonly DelegatedProgramme[];
  /** Local dates: from inclusive, to exclusive. */
  readonly validFrom: string;
  readonly validTo: string;
  readonly document: string;
  readonly grantedBy: Actor;
  readonly grantedAt: string;
  readonly grantedOn: string;
  /** The whole history as recorded so far, as on GET /delegations/:townshipCode. */
  readonly suspensions: readonly RegisterSuspension[];
  readonly revocation: RegisterRevocation | null;
  /** Revision of the township's delegation stream the row last took. */
  readonly revision: number;
}

export interface DelegationRegisterPage {
  readonly date: string;
  /** Grants per status on the date, under every filter but `status`. */
  readonly totals: Readonly<Record<RegisterStatus, number>>;
  /** Grants matching every filter, `status` included: what the pages run through. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly RegisterDelegation[];
}

interface DelegationRow {
  township_code: string;
  delegation_id: string;
  county_code: string;
  valid_from: string;
  valid_to: string;
  document: string;
  granted_by: string;
  granted_at: string;
  granted_on: string;
  revoked_at: string | null;
  revoked_on: string | null;
  revocation_reason: string | null;
  updated_revision: number | string;
  status: RegisterStatus;
}

interface ProgrammeRow {
  township_code: string;
  delegation_id: string;
  programme: Programme;
  max_amount_fen: number | string | null;
  spot_check_ratio: number | string;
}

interface SuspensionRow {
  township_code: string;
  delegation_id: string;
  suspended_at: string;
  suspended_on: string;
  reason: string;
  resumed_at: string | null;
  resumed_on: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The delegation register on a day: the grants recorded by the end of that day, each with its
 * status then, in the precedence the stream fold uses (delegationStatusAt): revoked, not yet
 * valid, expired, suspended, in force. A change counts from its effective date, so the answer for
 * a day is the stream fold's at the day's last instant (see closeOfDay): a delegation suspended on
 * a day is not in force on it, one resumed on a day is.
 */
export async function queryDelegationRegister(
  store: ReadStore,
  filter: DelegationRegisterFilter,
): Promise<DelegationRegisterPage> {
  check(filter);
  const { date } = filter;
  return readProjection(store, DELEGATION_REGISTER, async (read, table) => {
    const d = table(DELEGATIONS_TABLE);
    const s = table(SUSPENSIONS_TABLE);
    const status = `CASE
        WHEN d.revoked_on IS NOT NULL AND d.revoked_on <= ? THEN 'revoked'
        WHEN ? < d.valid_from THEN 'not-yet-valid'
        WHEN d.valid_to <= ? THEN 'expired'
        WHEN EXISTS (SELECT 1 FROM ${s} s WHERE s.township_code = d.township_code AND s.delegation_id = d.delegation_id
          AND s.suspended_on <= ? AND (s.resumed_on IS NULL OR ? < s.resumed_on)) THEN 'suspended'
        ELSE 'in-force' END`;
    const where = ['d.granted_on <= ?', 'd.township_code LIKE ?'];
    const params: unknown[] = [date, date, date, date, date, date, `${filter.within.replace(/[%_]/g, '')}%`];
    if (filter.township) where.push('d.township_code = ?'), params.push(filter.township);
    if (filter.county) where.push('d.county_code = ?'), params.push(filter.county);
    if (filter.programme) {
      where.push(`EXISTS (SELECT 1 FROM ${table(PROGRAMMES_TABLE)} p WHERE p.township_code = d.township_code
        AND p.delegation_id = d.delegation_id AND p.programme = ?)`);
      params.push(filter.programme);
    }
    const register = `SELECT d.*, ${status} AS status FROM ${d} d WHERE ${where.join(' AND ')}`;

    const counted = await read.all<{ status: RegisterStatus; n: number | string }>(
      `SELECT r.status, COUNT(*) AS n FROM (${register}) r GROUP BY r.status`,
      params,
    );
    const totals = Object.fromEntries(REGISTER_STATUSES.map((key) => [key, 0])) as Record<RegisterStatus, number>;
    for (const row of counted) totals[row.status] = Number(row.n);

    const rows = await read.all<DelegationRow>(
      `SELECT r.* FROM (${register}) r ${filter.status ? 'WHERE r.status = ?' : ''}
       ORDER BY r.township_code, r.valid_from, r.delegation_id LIMIT ? OFFSET ?`,
      [...params, ...(filter.status ? [filter.status] : []), filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    const details = await detailsOf(read, table, rows);
    return {
      date,
      totals,
      total: filter.status ? totals[filter.status] : REGISTER_STATUSES.reduce((sum, key) => sum + totals[key], 0),
      page: filter.page,
      pageSize: filter.pageSize,
      items: rows.map((row) => itemOf(row, details)),
    };
  });
}

/** The last instant of a local day: the stream fold at this instant answers what the register says for the day. */
export function closeOfDay(date: string): string {
  return `${date}T23:59:59.999+08:00`;
}

function check(filter: DelegationRegisterFilter): void {
  if (!DATE.test(filter.date)) throw new RangeError(`date must be YYYY-MM-DD, got ${filter.date}`);
  if (!Number.isSafeInteger(filter.page) || filter.page < 1) throw new RangeError('page must be a whole number from 1');
  if (!Number.isSafeInteger(filter.pageSize) || filter.pageSize < 1 || filter.pageSize > DELEGATION_REGISTER_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${DELEGATION_REGISTER_MAX_PAGE_SIZE}`);
  }
}

interface Details {
  readonly programmes: Map<string, DelegatedProgramme[]>;
  readonly suspensions: Map<string, RegisterSuspension[]>;
}

const keyOf = (row: { township_code: string; delegation_id: string }) => `${row.township_code}/${row.delegation_id}`;

/** The programmes and suspensions of the page's grants, two statements for the whole page. */
async function detailsOf(read: ReadStoreTx, table: TableName, rows: readonly DelegationRow[]): Promise<Details> {
  const details: Details = { programmes: new Map(), suspensions: new Map() };
  if (rows.length === 0) return details;
  const which = rows.map(() => '(township_code = ? AND delegation_id = ?)').join(' OR ');
  const keys = rows.flatMap((row) => [row.township_code, row.delegation_id]);
  const programmes = await read.all<ProgrammeRow>(
    `SELECT * FROM ${table(PROGRAMMES_TABLE)} WHERE ${which} ORDER BY township_code, delegation_id, position`,
    keys,
  );
  for (const row of programmes) {
    const terms: DelegatedProgramme = {
      programme: row.programme,
      ...(row.max_amount_fen === null ? {} : { maxAmountFen: Number(row.max_amount_fen) }),
      spotCheckRatio: Number(row.spot_check_ratio),
    };
    push(details.programmes, keyOf(row), terms);
  }
  const suspensions = await read.all<SuspensionRow>(
    `SELECT * FROM ${table(SUSPENSIONS_TABLE)} WHERE ${which} ORDER BY township_code, delegation_id, suspended_revision`,
    keys,
  );
  for (const row of suspensions) {
    push(details.suspensions, keyOf(row), {
      from: row.suspended_on,
      until: row.resumed_on,
      suspendedAt: row.suspended_at,
      resumedAt: row.resumed_at,
      reason: row.reason,
    });
  }
  return details;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function itemOf(row: DelegationRow, details: Details): RegisterDelegation {
  const key = keyOf(row);
  return {
    delegationId: row.delegation_id,
    townshipCode: row.township_code,
    countyCode: row.county_code,
    status: row.status,
    programmes: details.programmes.get(key) ?? [],
    validFrom: row.valid_from,
    validTo: row.valid_to,
    document: row.document,
    grantedBy: JSON.parse(row.granted_by) as Actor,
    grantedAt: row.granted_at,
    grantedOn: row.granted_on,
    suspensions: details.suspensions.get(key) ?? [],
    revocation:
      row.revoked_on === null
        ? null
        : { on: row.revoked_on, revokedAt: row.revoked_at as string, reason: row.revocation_reason as string },
    revision: Number(row.updated_revision),
  };
}
