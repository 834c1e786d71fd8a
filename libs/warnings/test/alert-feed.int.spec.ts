import { randomUUID } from 'node:crypto';
import type { EventStore } from '@app/ledger';
import type { Actor } from '@app/ledger/envelope';
import { firstValueFrom, type Observable, take, toArray } from 'rxjs';
import { openPostgresHarness, openSqliteHarness, projectToHead, type ReadModelHarness } from '../../projections/test/read-model-harness';
import { describeWithPostgres } from '../../../test/support/postgres';
import { type AlertAudience, AlertFeed, type AlertMessage } from '../src/http/alert-feed';
import { formatMessage } from '../src/http/alert-stream.service';
import { warningsProjection } from '../src/read-models/warnings.projection';
import { RULES_ENGINE_ACTOR } from '../src/warning.commands';

const T1 = '330602001';
const T2 = '330602002';
const ELSEWHERE = '330603101';
const at = (date: string) => `${date}T02:00:00.000Z`;
const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor', unit: T1 };

type Fact = readonly [type: string, data: Record<string, unknown>];

const raise = (warningId: string, township: string, level: string, severity = 'medium'): Fact[] => [
  [
    'WarningRaised',
    {
      warningId,
      ruleId: 'test-rule',
      ruleTitle: '测试规则',
      severity,
      key: warningId,
      caseId: null,
      jurisdiction: { township, county: township.slice(0, 6) },
      evidence: ['e-1'],
      summary: `预警 ${warningId}`,
      details: {},
      raisedAt: at('2021-05-01'),
      closeBy: '2021-05-20',
    },
  ],
  ['WarningRouted', { warningId, level, routedAt: at('2021-05-01'), acknowledgeBy: level === 'discipline' ? null : at('2021-05-03') }],
];
const acknowledge = (warningId: string, level: string): Fact => [
  'WarningAcknowledged',
  { warningId, level, acknowledgedBy: supervisor.id, acknowledgedAt: at('2021-05-02'), note: null },
];
const escalate = (warningId: string, from: string, to: string): Fact => [
  'WarningEscalated',
  { warningId, from, to, reason: 'unacknowledged', note: null, escalatedAt: at('2021-05-04'), acknowledgeBy: at('2021-05-06') },
];
const close = (warningId: string): Fact => [
  'WarningClosed',
  { warningId, finding: 'dismissed', reason: '误报', evidence: [], closedBy: supervisor.id, closedAt: at('2021-05-05') },
];

async function append(store: EventStore, warningId: string, facts: readonly Fact[]): Promise<string> {
  const result = await store.append(
    `warning-${warningId}`,
    facts.map(([type, data]) => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: { actor: RULES_ENGINE_ACTOR, commandId: randomUUID(), correlationId: warningId, causationId: null, occurredAt: at('2021-05-01') },
    })),
    { expectedRevision: 'any', commandId: randomUUID() },
  );
  return result.checkpoint;
}

const first = (messages: Observable<AlertMessage>, n: number) => firstValueFrom(messages.pipe(take(n), toArray()), { defaultValue: [] });
const summary = (messages: readonly AlertMessage[]) =>
  messages.map((m) => [m.event, (m.data as { alert?: { warningId: string } }).alert?.warningId ?? null]);

function feedSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the alerts of one connection on ${label}`, () => {
    let harness: ReadModelHarness;
    let feed: AlertFeed;
    const county: AlertAudience = { unit: '330602' };
    /** Checkpoints of what was appended after the read model last caught up. */
    const later: Record<string, string> = {};

    beforeAll(async () => {
      harness = await open();
      const { store } = harness;
      await append(store, 'w1', raise('w1', T1, 'township'));
      await append(store, 'w2', raise('w2', T2, 'township'));
      await append(store, 'w2', [close('w2')]);
      await append(store, 'w-far', raise('w-far', ELSEWHERE, 'township'));
      await projectToHead(store, harness.readStore, warningsProjection, { batchSize: 10, waitMs: 20_000 });
      // The read model stops here; the stream must take the rest from the log.
      later.w3 = await append(store, 'w3', raise('w3', T2, 'county', 'high'));
      later.ack = await append(store, 'w1', [acknowledge('w1', 'township')]);
      later.far = await append(store, 'w-far', [close('w-far')]);
      later.escalated = await append(store, 'w3', [escalate('w3', 'county', 'discipline')]);
      later.closed = await append(store, 'w1', [close('w1')]);
      feed = new AlertFeed(store, harness.readStore);
    }, 60_000);
    afterAll(async () => harness?.close());

    it('starts with the open alerts of the snapshot, then everything after its checkpoint, once each', async () => {
      const messages = await first(await feed.open(county), 6);
      expect(summary(messages)).toEqual([
        ['OpenAlert', 'w1'],
        ['SnapshotComplete', null],
        ['WarningRaised', 'w3'],
        ['WarningAcknowledged', 'w1'],
        ['WarningEscalated', 'w3'],
        ['WarningClosed', 'w1'],
      ]);
      const [open, complete, raised] = messages;
      expect(open.id).toBeUndefined();
      expect(complete).toMatchObject({ id: expect.any(String), data: { alerts: 1 } });
      expect(complete.id! < later.w3).toBe(true);
      // The raise is sent once routed: id the checkpoint of the append's last event.
      expect(raised).toMatchObject({ id: later.w3, data: { alert: { level: 'county', status: 'open' }, change: { type: 'WarningRouted', revision: 1 } } });
      expect(messages.slice(3).map((m) => m.id)).toEqual([later.ack, later.escalated, later.closed]);
      expect(messages[5].data).toMatchObject({ alert: { status: 'closed', acknowledged: { by: supervisor.id } } });
    });

    it('resumes after a message id with what followed, reading back the warnings raised before it', async () => {
      const messages = await first(await feed.open(county, later.w3), 3);
      expect(summary(messages)).toEqual([
        ['WarningAcknowledged', 'w1'],
        ['WarningEscalated', 'w3'],
        ['WarningClosed', 'w1'],
      ]);
      expect(messages[0].data).toMatchObject({ alert: { summary: '预警 w1', level: 'township', status: 'acknowledged', revision: 2 } });
      expect(summary(await first(await feed.open(county, later.ack), 2))).toEqual([
        ['WarningEscalated', 'w3'],
        ['WarningClosed', 'w1'],
      ]);
    });

    it("keeps to the audience: a township's own, a level's comings and goings, another county's", async () => {
      expect(summary(await first(await feed.open({ unit: T2 }), 3))).toEqual([
        ['SnapshotComplete', null],
        ['WarningRaised', 'w3'],
        ['WarningEscalated', 'w3'],
      ]);
      // Raised at the county level, then escalated away from it: both concern the county's level.
      expect(summary(await first(await feed.open({ unit: '3306', levels: ['county'] }), 3))).toEqual([
        ['SnapshotComplete', null],
        ['WarningRaised', 'w3'],
        ['WarningEscalated', 'w3'],
      ]);
      expect(summary(await first(await feed.open({ unit: '3306', levels: ['discipline'] }), 2))).toEqual([
        ['SnapshotComplete', null],
        ['WarningEscalated', 'w3'],
      ]);
      expect(summary(await first(await feed.open({ unit: '330603' }), 3))).toEqual([
        ['OpenAlert', 'w-far'],
        ['SnapshotComplete', null],
        ['WarningClosed', 'w-far'],
      ]);
    });

    it('writes each message as id, event and one data line', () => {
      expect(formatMessage({ id: '0042', event: 'WarningClosed', data: { a: 'x\ny' } })).toBe(
        'id: 0042\nevent: WarningClosed\ndata: {"a":"x\\ny"}\n\n',
      );
      expect(formatMessage({ event: 'OpenAlert', data: {} })).toBe('event: OpenAlert\ndata: {}\n\n');
    });
  });
}

feedSuite('SQLite', () => openSqliteHarness('alert-feed'));

describeWithPostgres('PostgreSQL', () => {
  feedSuite('PostgreSQL', () => openPostgresHarness('alert_feed'));
});
