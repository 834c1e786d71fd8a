import { randomUUID } from 'node:crypto';
import { type EventStore, handleCommand, load } from '@app/ledger';
import type { Actor } from '@app/ledger/envelope';
import { readProjection, type ReadStore } from '@app/projections';
import { readWholeLog } from '../../ledger/test/fixtures';
import {
  expectSameRowsRebuiltAndReplayed,
  openPostgresHarness,
  openSqliteHarness,
  projectToHead,
  type ReadModelHarness,
} from '../../projections/test/read-model-harness';
import { describeWithPostgres } from '../../../test/support/postgres';
import { type DelegationCommand, delegationStatusAt, delegationStreamId } from '../src';
import {
  DELEGATION_REGISTER,
  DELEGATION_REGISTER_EVENT_TYPES,
  delegationRegisterProjection,
  DELEGATIONS_TABLE,
  PROGRAMMES_TABLE,
  SUSPENSIONS_TABLE,
} from '../src/read-models/delegation-register.projection';
import {
  closeOfDay,
  type DelegationRegisterFilter,
  type DelegationRegisterPage,
  queryDelegationRegister,
  type RegisterStatus,
} from '../src/read-models/delegation-register.query';
import { cityAdmin, decider, keqiaoReviewer, yuechengReviewer } from './delegation.fixtures';

/** Two streets of 越城 (330602) and one town of 柯桥 (330603). */
const T1 = '330602001';
const T2 = '330602002';
const T3 = '330603101';
const WAIT_MS = 20_000;

type Step = readonly [type: DelegationCommand['type'], data: Record<string, unknown>, now: string, actor: Actor];

const grantOf = (delegationId: string, programmes: object[], validFrom: string, validTo: string, document: string) => ({
  delegationId,
  programmes,
  validFrom,
  validTo,
  document,
});

/** T1's first grant: 低保, and 临时救助 up to 3000 元 a case. */
const GRANT_T1_A = grantOf(
  'dlg-a',
  [{ programme: 'dibao' }, { programme: 'temporary', maxAmountFen: 300_000 }],
  '2021-07-01',
  '2022-07-01',
  '越民〔2021〕12号',
);
/** T1's second, after the first was revoked, granted by the city. */
const GRANT_T1_B = grantOf('dlg-b', [{ programme: 'dibao', spotCheckRatio: 0.5 }], '2021-10-10', '2021-12-01', '越民〔2021〕30号');
const GRANT_T2_C = grantOf('dlg-c', [{ programme: 'tekun' }], '2021-07-01', '2023-01-01', '越民〔2021〕13号');
/** Same id as T1's first grant. */
const GRANT_T3_A = grantOf('dlg-a', [{ programme: 'temporary', maxAmountFen: 200_000 }], '2021-08-01', '2022-08-01', '柯民〔2021〕7号');

/**
 * Every stream, command by command (times in UTC; Shaoxing is UTC+8). 'dlg-a' is the id of a grant
 * in T1 and of another in T3: ids are unique only within a township.
 */
const STREAMS: Record<string, Step[]> = {
  [T1]: [
    ['GrantDelegation', GRANT_T1_A, '2021-06-30T02:00:00.000Z', yuechengReviewer],
    ['SuspendDelegation', { delegationId: 'dlg-a', reason: '抽查发现审核不规范' }, '2021-08-01T02:00:00.000Z', yuechengReviewer],
    ['ResumeDelegation', { delegationId: 'dlg-a' }, '2021-09-01T02:00:00.000Z', yuechengReviewer],
    ['RevokeDelegation', { delegationId: 'dlg-a', reason: '整改不到位，收回审核确认权限' }, '2021-10-01T02:00:00.000Z', yuechengReviewer],
    ['GrantDelegation', GRANT_T1_B, '2021-10-02T02:00:00.000Z', cityAdmin],
    // 00:30 on 16 November in Shaoxing: the suspension's date is the 16th, not the 15th.
    ['SuspendDelegation', { delegationId: 'dlg-b', reason: '专项检查' }, '2021-11-15T16:30:00.000Z', yuechengReviewer],
  ],
  [T2]: [
    ['GrantDelegation', GRANT_T2_C, '2021-06-30T03:00:00.000Z', yuechengReviewer],
    // Suspended and resumed within 1 August: in force at the close of that day.
    ['SuspendDelegation', { delegationId: 'dlg-c', reason: '核查举报' }, '2021-08-01T01:00:00.000Z', yuechengReviewer],
    ['ResumeDelegation', { delegationId: 'dlg-c' }, '2021-08-01T08:00:00.000Z', yuechengReviewer],
  ],
  [T3]: [
    ['GrantDelegation', GRANT_T3_A, '2021-06-30T04:00:00.000Z', keqiaoReviewer],
    ['SuspendDelegation', { delegationId: 'dlg-a', reason: '备用金管理不规范' }, '2021-09-15T02:00:00.000Z', keqiaoReviewer],
  ],
};

async function record(store: EventStore): Promise<void> {
  for (const [township, steps] of Object.entries(STREAMS)) {
    for (const [type, data, now, actor] of steps) {
      const command = { type, data: { townshipCode: township, ...data }, metadata: { now, actor } } as DelegationCommand;
      await handleCommand(store, decider, delegationStreamId(township), command, {
        metadata: { actor, commandId: randomUUID(), correlationId: township, causationId: null, occurredAt: now },
        newEventId: randomUUID,
      });
    }
  }
}

const project = (store: EventStore, readStore: ReadStore) =>
  projectToHead(store, readStore, delegationRegisterProjection, { batchSize: 3, waitMs: WAIT_MS });

/** Every row of every table, numbers as numbers (PostgreSQL answers BIGINT as a string). */
function allRows(readStore: ReadStore): Promise<Record<string, unknown>[][]> {
  const NUMERIC = /_revision$|_fen$|^position$|^spot_check_ratio$/;
  const numbers = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, NUMERIC.test(k) && v !== null ? Number(v) : v]));
  return readProjection(readStore, DELEGATION_REGISTER, async (read, table) => {
    const result: Record<string, unknown>[][] = [];
    for (const [base, order] of [
      [DELEGATIONS_TABLE, 'township_code, delegation_id'],
      [PROGRAMMES_TABLE, 'township_code, delegation_id, programme'],
      [SUSPENSIONS_TABLE, 'township_code, delegation_id, suspended_revision'],
    ]) {
      result.push((await read.all<Record<string, unknown>>(`SELECT * FROM ${table(base)} ORDER BY ${order}`)).map(numbers));
    }
    return result;
  });
}

/** Every local date from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const statuses = (page: DelegationRegisterPage) => page.items.map((i) => `${i.townshipCode}/${i.delegationId}:${i.status}`);

function delegationRegisterSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the delegation register across townships on ${label}`, () => {
    let harness: ReadModelHarness;
    beforeAll(async () => {
      harness = await open();
      await record(harness.store);
      await project(harness.store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    const read = (date: string, filter: Partial<DelegationRegisterFilter> = {}) =>
      queryDelegationRegister(harness.readStore, { date, within: '3306', page: 1, pageSize: 100, ...filter });

    it('is fed every event type it handles', async () => {
      const types = new Set((await readWholeLog(harness.store)).map((event) => event.type));
      expect(DELEGATION_REGISTER_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
    });

    it('lists nothing on a day before any grant was recorded', async () => {
      const page = await read('2021-06-29');
      expect(page).toEqual({
        date: '2021-06-29',
        totals: { 'in-force': 0, suspended: 0, revoked: 0, expired: 0, 'not-yet-valid': 0 },
        total: 0,
        page: 1,
        pageSize: 100,
        items: [],
      });
    });

    it('answers each day with the status the changes of that day and before give', async () => {
      expect(statuses(await read('2021-06-30'))).toEqual([
        `${T1}/dlg-a:not-yet-valid`,
        `${T2}/dlg-c:not-yet-valid`,
        `${T3}/dlg-a:not-yet-valid`,
      ]);
      expect(statuses(await read('2021-07-15'))).toEqual([`${T1}/dlg-a:in-force`, `${T2}/dlg-c:in-force`, `${T3}/dlg-a:not-yet-valid`]);
      // Suspended on the day; T2's suspension of the same morning was resumed the same day.
      expect(statuses(await read('2021-08-01'))).toEqual([`${T1}/dlg-a:suspended`, `${T2}/dlg-c:in-force`, `${T3}/dlg-a:in-force`]);
      expect(statuses(await read('2021-08-31'))[0]).toBe(`${T1}/dlg-a:suspended`);
      expect(statuses(await read('2021-09-01'))).toEqual([`${T1}/dlg-a:in-force`, `${T2}/dlg-c:in-force`, `${T3}/dlg-a:in-force`]);
      expect(statuses(await read('2021-09-15'))[2]).toBe(`${T3}/dlg-a:suspended`);
      // Revoked on 1 October; the next grant is recorded on the 2nd and is not in the register of the 1st.
      expect(statuses(await read('2021-10-01'))).toEqual([`${T1}/dlg-a:revoked`, `${T2}/dlg-c:in-force`, `${T3}/dlg-a:suspended`]);
      expect(statuses(await read('2021-10-02'))).toEqual([
        `${T1}/dlg-a:revoked`,
        `${T1}/dlg-b:not-yet-valid`,
        `${T2}/dlg-c:in-force`,
        `${T3}/dlg-a:suspended`,
      ]);
      expect(statuses(await read('2021-10-10'))[1]).toBe(`${T1}/dlg-b:in-force`);
      // 16:30 UTC on the 15th is 00:30 on the 16th in Shaoxing.
      expect(statuses(await read('2021-11-15'))[1]).toBe(`${T1}/dlg-b:in-force`);
      expect(statuses(await read('2021-11-16'))[1]).toBe(`${T1}/dlg-b:suspended`);
      // validTo is exclusive; expiry speaks before a suspension, a revocation before expiry.
      expect(statuses(await read('2021-11-30'))[1]).toBe(`${T1}/dlg-b:suspended`);
      expect(statuses(await read('2021-12-01'))[1]).toBe(`${T1}/dlg-b:expired`);
      expect(statuses(await read('2022-07-01'))).toEqual([
        `${T1}/dlg-a:revoked`,
        `${T1}/dlg-b:expired`,
        `${T2}/dlg-c:in-force`,
        `${T3}/dlg-a:suspended`,
      ]);
      expect(statuses(await read('2023-01-01'))).toEqual([
        `${T1}/dlg-a:revoked`,
        `${T1}/dlg-b:expired`,
        `${T2}/dlg-c:expired`,
        `${T3}/dlg-a:expired`,
      ]);
    });

    it('gives each grant its terms, its suspensions as dated intervals and its revocation', async () => {
      const page = await read('2021-11-16', { township: T1 });
      expect(page.items).toEqual([
        {
          delegationId: 'dlg-a',
          townshipCode: T1,
          countyCode: '330602',
          status: 'revoked',
          programmes: [
            { programme: 'dibao', spotCheckRatio: 0.3 },
            { programme: 'temporary', maxAmountFen: 300_000, spotCheckRatio: 0 },
          ],
          validFrom: '2021-07-01',
          validTo: '2022-07-01',
          document: '越民〔2021〕12号',
          grantedBy: yuechengReviewer,
          grantedAt: '2021-06-30T02:00:00.000Z',
          grantedOn: '2021-06-30',
          suspensions: [
            {
              from: '2021-08-01',
              until: '2021-09-01',
              suspendedAt: '2021-08-01T02:00:00.000Z',
              resumedAt: '2021-09-01T02:00:00.000Z',
              reason: '抽查发现审核不规范',
            },
          ],
          revocation: { on: '2021-10-01', revokedAt: '2021-10-01T02:00:00.000Z', reason: '整改不到位，收回审核确认权限' },
          revision: 3,
        },
        expect.objectContaining({
          delegationId: 'dlg-b',
          status: 'suspended',
          programmes: [{ programme: 'dibao', spotCheckRatio: 0.5 }],
          grantedBy: cityAdmin,
          suspensions: [
            { from: '2021-11-16', until: null, suspendedAt: '2021-11-15T16:30:00.000Z', resumedAt: null, reason: '专项检查' },
          ],
          revocation: null,
          revision: 5,
        }),
      ]);
    });

    it('agrees with the fold of each township’s stream at the close of every day', async () => {
      const states = await Promise.all(
        Object.keys(STREAMS).map(async (township) => (await load(harness.store, decider, delegationStreamId(township))).state),
      );
      const mismatches: string[] = [];
      for (const date of [...days('2021-06-28', '2022-01-10'), ...days('2022-06-28', '2022-08-03'), '2022-12-31', '2023-01-01']) {
        const folded = states
          .flatMap((state) => state.delegations)
          .map((record) => [`${record.townshipCode}/${record.delegationId}`, delegationStatusAt(record, closeOfDay(date))])
          .filter(([, status]) => status !== 'not-yet-granted')
          .map(([key, status]) => `${key}:${status}`)
          .sort();
        const registered = statuses(await read(date)).sort();
        if (JSON.stringify(folded) !== JSON.stringify(registered)) mismatches.push(`${date}: ${folded} ≠ ${registered}`);
      }
      expect(mismatches).toEqual([]);
    }, 60_000);

    it('narrows to a township, a county, a programme and a status, with totals per status', async () => {
      const county = await read('2021-10-20', { county: '330602' });
      expect(statuses(county)).toEqual([`${T1}/dlg-a:revoked`, `${T1}/dlg-b:in-force`, `${T2}/dlg-c:in-force`]);
      expect(county.totals).toEqual({ 'in-force': 2, suspended: 0, revoked: 1, expired: 0, 'not-yet-valid': 0 });
      expect(statuses(await read('2021-10-20', { township: T3 }))).toEqual([`${T3}/dlg-a:suspended`]);
      expect(statuses(await read('2021-10-20', { programme: 'temporary' }))).toEqual([`${T1}/dlg-a:revoked`, `${T3}/dlg-a:suspended`]);
      expect(statuses(await read('2021-10-20', { programme: 'tekun' }))).toEqual([`${T2}/dlg-c:in-force`]);

      const inForce = await read('2021-10-20', { status: 'in-force' });
      expect(statuses(inForce)).toEqual([`${T1}/dlg-b:in-force`, `${T2}/dlg-c:in-force`]);
      expect(inForce.total).toBe(2);
      expect(inForce.totals).toEqual({ 'in-force': 2, suspended: 1, revoked: 1, expired: 0, 'not-yet-valid': 0 });
      const none: RegisterStatus = 'not-yet-valid';
      expect(await read('2021-10-20', { status: none })).toMatchObject({ total: 0, items: [] });
    });

    it('keeps a reader to its unit, and pages', async () => {
      expect(statuses(await read('2021-10-20', { within: T2 }))).toEqual([`${T2}/dlg-c:in-force`]);
      expect(statuses(await read('2021-10-20', { within: '330603' }))).toEqual([`${T3}/dlg-a:suspended`]);
      expect((await read('2021-10-20', { within: '330604' })).total).toBe(0);
      const first = await read('2021-10-20', { pageSize: 3 });
      const second = await read('2021-10-20', { pageSize: 3, page: 2 });
      expect(first).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect([...statuses(first), ...statuses(second)]).toEqual(statuses(await read('2021-10-20')));
      await expect(read('2021-10-20', { pageSize: 101 })).rejects.toThrow(RangeError);
      await expect(read('20211020')).rejects.toThrow(RangeError);
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      expect(before.map((rows) => rows.length)).toEqual([4, 5, 4]);
      await expectSameRowsRebuiltAndReplayed(harness, delegationRegisterProjection, (fresh) => project(harness.store, fresh), allRows, before);
    }, 60_000);
  });
}

delegationRegisterSuite('SQLite', () => openSqliteHarness('delegation-register'));

describeWithPostgres('PostgreSQL', () => {
  delegationRegisterSuite('PostgreSQL', () => openPostgresHarness('delegation_register'));
});
