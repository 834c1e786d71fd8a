import { randomUUID } from 'node:crypto';
import { handleCommand, type EventStore, type RecordedEvent } from '@app/ledger';
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
import { type CaseCommand, type CaseEvent, caseStreamId, nextAction } from '../src';
import { WORK_QUEUE, WORK_QUEUE_EVENT_TYPES, workQueueProjection } from '../src/read-models/work-queue.projection';
import { queryWorkQueue, type WorkQueueFilter } from '../src/read-models/work-queue.query';
import { application, at, command, decider, dibao890, given, IDS, meansCheck, notInForce, visit } from './case.fixtures';

const T1 = '330602001';
const T2 = '330602002';
const COUNTY = '330602';
const WAIT_MS = 20_000;

const staff = (unit: string) => ({
  clerk: { id: `clerk-${unit}`, role: 'intake-clerk', unit } as Actor,
  approver: { id: `approver-${unit}`, role: 'township-approver', unit } as Actor,
});
const county: Actor = { id: 'county-1', role: 'county-reviewer', unit: COUNTY };
const delegation = (townshipCode: string) => ({ inForce: true as const, delegation: { delegationId: 'dlg-1', townshipCode } });

/** Submitted, checked, visited, eligible opinion, publicity from 9 March 2021. */
function toPublicity(caseId: string, township: string, extra: Partial<Parameters<typeof application>[0]> = {}): CaseCommand[] {
  const { clerk, approver } = staff(township);
  return [
    command('SubmitApplication', application({ caseId, townshipCode: township, ...extra }), clerk, at('2021-03-01')),
    command('AcceptApplication', { caseId }, clerk, at('2021-03-01', '10:00')),
    command('RecordMeansCheck', meansCheck(caseId, '2021-03-01', '2021-03-03'), clerk, at('2021-03-03')),
    command('RecordHomeVisit', visit('v-1', '2021-03-03', false, caseId), clerk, at('2021-03-03', '17:00')),
    command('GivePreliminaryOpinion', { caseId, opinion: 'eligible', standard: dibao890 }, approver, at('2021-03-08')),
    command('StartPublicity', { caseId, from: '2021-03-09', place: '村务公开栏' }, clerk, at('2021-03-08', '16:00')),
  ];
}

/** Documents, objection, extension, county submission and a complaint: waits for the county visit. */
function toCountyVisit(caseId: string): CaseCommand[] {
  const { clerk, approver } = staff(T1);
  const app = application({
    caseId,
    nearRelativeMatches: [{ officialId: 'o-1', relation: '兄弟', memberIdNumber: IDS.spouse }],
  });
  const opinion = (date: string) =>
    command('GivePreliminaryOpinion', { caseId, opinion: 'eligible', standard: dibao890 }, approver, at(date));
  const publicity = (date: string) => command('StartPublicity', { caseId, place: '村务公开栏' }, clerk, at(date, '16:00'));
  return [
    command('SubmitApplication', app, clerk, at('2021-03-01')),
    command('RequestMissingDocuments', { caseId, documents: [{ code: 'hukou-book', description: '户口簿' }] }, clerk, at('2021-03-01')),
    command('RecordDocumentsSupplied', { caseId, documents: ['hukou-book'] }, clerk, at('2021-03-02')),
    command('AcceptApplication', { caseId }, clerk, at('2021-03-02')),
    command('RecordMeansCheck', meansCheck(caseId, '2021-03-03', '2021-03-05'), clerk, at('2021-03-05')),
    command('RecordHomeVisit', visit('v-1', '2021-03-04', false, caseId), clerk, at('2021-03-05')),
    opinion('2021-03-08'),
    publicity('2021-03-08'),
    command('RecordObjection', { caseId, receivedOn: '2021-03-10', summary: '有未申报收入' }, clerk, at('2021-03-10')),
    command('RecordHomeVisit', visit('v-2', '2021-03-11', false, caseId), clerk, at('2021-03-11')),
    opinion('2021-03-12'),
    publicity('2021-03-12'),
    command('ExtendDeadline', { caseId, reason: '异议复查' }, approver, at('2021-03-19')),
    command('SubmitForCountyConfirmation', { caseId, recommendation: 'approve' }, approver, at('2021-03-19')),
    command('RecordComplaint', { caseId, receivedOn: '2021-03-22', summary: '实名举报' }, county, at('2021-03-22')),
  ];
}

function emergency(caseId: string, documented: boolean): CaseCommand[] {
  const { clerk } = staff(T1);
  const app = application({ caseId, programme: 'temporary', track: 'emergency', personal: {} });
  const paid = [
    command('SubmitApplication', app, clerk, at('2021-03-01')),
    command('PayEmergencyAssistance', { caseId, amountFen: 100_000, need: '突发重病', delegation: notInForce('none') }, county, at('2021-03-01')),
  ];
  if (!documented) return paid;
  return [
    ...paid,
    command('RecordHomeVisit', visit('v-1', '2021-03-02', false, caseId), clerk, at('2021-03-02')),
    command('CompleteEmergencyPaperwork', { caseId }, clerk, at('2021-03-03')),
  ];
}

function rejected(caseId: string, notified: boolean): CaseCommand[] {
  const { clerk, approver } = staff(T1);
  const reject = command('RejectCase', { caseId, delegation: delegation(T1), reasons: ['名下有车辆'] }, approver, at('2021-03-16'));
  const notice = command('RecordRejectionNotice', { caseId, sentOn: '2021-03-17', method: 'post' }, clerk, at('2021-03-17'));
  return [...toPublicity(caseId, T1), reject, ...(notified ? [notice] : [])];
}

/** Every case the tests drive, by id: the commands, in order. */
const CASES: Record<string, CaseCommand[]> = {
  'wq-county-visit': toCountyVisit('wq-county-visit'),
  'wq-confirmed': [
    ...toCountyVisit('wq-confirmed'),
    command('RecordHomeVisit', visit('v-3', '2021-03-23', true, 'wq-confirmed'), county, at('2021-03-23')),
    command('ConfirmCase', { caseId: 'wq-confirmed', outcome: 'approve', standard: dibao890 }, county, at('2021-03-24')),
  ],
  'wq-rejected': rejected('wq-rejected', false),
  'wq-notified': rejected('wq-notified', true),
  'wq-emergency': emergency('wq-emergency', false),
  'wq-emergency-done': emergency('wq-emergency-done', true),
  'wq-documents': [
    command('SubmitApplication', application({ caseId: 'wq-documents' }), staff(T1).clerk, at('2021-03-02')),
    command(
      'RequestMissingDocuments',
      { caseId: 'wq-documents', documents: [{ code: 'income-proof', description: '收入证明' }] },
      staff(T1).clerk,
      at('2021-03-02'),
    ),
  ],
  'wq-other-township': toPublicity('wq-other-township', T2),
};

async function drive(store: EventStore): Promise<Map<string, CaseEvent[]>> {
  const histories = new Map<string, CaseEvent[]>();
  for (const [caseId, commands] of Object.entries(CASES)) {
    for (const cmd of commands) {
      await handleCommand(store, decider, caseStreamId(caseId), cmd, {
        metadata: {
          actor: cmd.metadata.actor,
          commandId: randomUUID(),
          correlationId: caseId,
          causationId: null,
          occurredAt: cmd.metadata.now,
        },
        newEventId: randomUUID,
      });
    }
    const recorded = await store.readStream(caseStreamId(caseId));
    histories.set(caseId, recorded as unknown as CaseEvent[]);
  }
  return histories;
}

const project = (store: EventStore, readStore: ReadStore) =>
  projectToHead(store, readStore, workQueueProjection, { batchSize: 7, waitMs: WAIT_MS });

/** Every row, the folded state included, in case order. */
function allRows(readStore: ReadStore): Promise<Record<string, unknown>[]> {
  return readProjection(readStore, WORK_QUEUE, (read, table) =>
    read.all(`SELECT * FROM ${table('cases')} ORDER BY case_id`),
  ).then((rows) => rows.map((row) => ({ ...row, updated_revision: Number(row.updated_revision), is_open: Number(row.is_open), near_relative: Number(row.near_relative) })));
}

const query = (filter: Partial<WorkQueueFilter>, today = '2021-03-12'): WorkQueueFilter & { today: string } => ({
  unitCode: T1,
  sort: 'due',
  page: 1,
  pageSize: 100,
  ...filter,
  today,
});

function workQueueSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the township work queue on ${label}`, () => {
    let harness: ReadModelHarness;
    let histories: Map<string, CaseEvent[]>;
    beforeAll(async () => {
      harness = await open();
      histories = await drive(harness.store);
      await project(harness.store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    const read = (filter: Partial<WorkQueueFilter>, today?: string) => {
      const { today: day, ...rest } = query(filter, today);
      return queryWorkQueue(harness.readStore, rest, day);
    };

    it('is fed every event type it handles', async () => {
      const types = new Set((await readWholeLog(harness.store)).map((event) => event.type));
      expect([...WORK_QUEUE_EVENT_TYPES].filter((type) => !types.has(type))).toEqual([]);
    });

    it('holds the next action the case itself gives, for every open case, and no closed one', async () => {
      const rows = await allRows(harness.readStore);
      for (const [caseId, events] of histories) {
        const last = events[events.length - 1] as unknown as RecordedEvent;
        const action = nextAction(given(events), last.metadata.occurredAt);
        const row = rows.find((r) => r.case_id === caseId);
        expect({ caseId, open: row?.is_open, step: row?.next_step, dueBy: row?.due_by, roles: row?.roles }).toEqual({
          caseId,
          open: action ? 1 : 0,
          step: action?.step ?? null,
          dueBy: action?.dueBy ?? null,
          roles: JSON.stringify(action?.roles ?? []),
        });
        expect(row?.updated_revision).toBe(events.length - 1);
      }
    });

    it("lists a township's open cases with the step, who may take it and by when", async () => {
      const page = await read({});
      const byId = new Map(page.items.map((item) => [item.caseId, item]));
      expect([...byId.keys()].sort()).toEqual(['wq-county-visit', 'wq-documents', 'wq-emergency', 'wq-rejected']);
      expect(page.total).toBe(4);
      const rejectedEvent = histories.get('wq-rejected')!.find((e) => e.type === 'CaseRejected')!;
      expect(byId.get('wq-rejected')).toMatchObject({
        nextStep: 'send-rejection-notice',
        roles: ['intake-clerk', 'township-approver'],
        dueBy: (rejectedEvent.data as { noticeDueBy: string }).noticeDueBy,
        status: 'rejected',
      });
      const extended = histories.get('wq-county-visit')!.find((e) => e.type === 'SubmittedForCountyConfirmation')!;
      expect(byId.get('wq-county-visit')).toMatchObject({
        nextStep: 'county-home-visit',
        roles: ['county-reviewer'],
        unit: COUNTY,
        dueBy: (extended.data as { confirmationDueBy: string }).confirmationDueBy,
        nearRelative: true,
        countyVisitPending: expect.arrayContaining(['near-relative', 'complaint']),
      });
      expect(byId.get('wq-documents')).toMatchObject({ nextStep: 'await-documents', dueBy: null, overdue: false });
      expect(byId.get('wq-emergency')).toMatchObject({ nextStep: 'record-home-visit', status: 'emergency-granted' });
    });

    it('keeps each township to its own cases, and gives a county all of its townships', async () => {
      const other = await read({ unitCode: T2 }, '2021-03-10');
      expect(other.items.map((item) => item.caseId)).toEqual(['wq-other-township']);
      expect(other.items[0]).toMatchObject({ nextStep: 'decide', roles: ['township-approver'], notBefore: '2021-03-16' });
      expect((await read({ unitCode: T2 }, '2021-03-16')).items[0].notBefore).toBeNull();
      expect((await read({ unitCode: COUNTY })).total).toBe(5);
      expect((await read({ unitCode: '330603' })).total).toBe(0);
    });

    it('filters by role and status, and pages', async () => {
      expect((await read({ role: 'county-reviewer' })).items.map((i) => i.caseId)).toEqual(['wq-county-visit']);
      expect((await read({ status: 'rejected' })).items.map((i) => i.caseId)).toEqual(['wq-rejected']);
      const first = await read({ pageSize: 3 });
      const second = await read({ pageSize: 3, page: 2 });
      expect(first.items).toHaveLength(3);
      expect(second.items).toHaveLength(1);
      expect(new Set([...first.items, ...second.items].map((i) => i.caseId)).size).toBe(4);
      const updated = await read({ sort: 'updated' });
      expect(updated.items[0].caseId).toBe('wq-county-visit');
      await expect(read({ pageSize: 101 })).rejects.toThrow(RangeError);
    });

    it('turns overdue once the last day has passed', async () => {
      expect((await read({ overdueOnly: true }, '2021-03-12')).items).toEqual([]);
      const later = await read({ overdueOnly: true }, '2021-12-31');
      expect(later.items.map((i) => i.caseId).sort()).toEqual(['wq-county-visit', 'wq-emergency', 'wq-rejected']);
      expect(later.items.every((i) => i.overdue)).toBe(true);
    });

    it('builds the same rows from scratch, and again when every event is offered twice', async () => {
      const before = await allRows(harness.readStore);
      await expectSameRowsRebuiltAndReplayed(harness, workQueueProjection, (fresh) => project(harness.store, fresh), allRows, before);
    }, 60_000);
  });
}

workQueueSuite('SQLite', () => openSqliteHarness('work-queue'));

describeWithPostgres('PostgreSQL', () => {
  workQueueSuite('PostgreSQL', () => openPostgresHarness('work_queue'));
});
