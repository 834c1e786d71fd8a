import { createWorkingCalendar } from '@app/calendar';
import { handleCommand } from '@app/ledger/command-handler';
import type { EventStore, RecordedEvent } from '@app/ledger';
import { FixedClock } from '@app/platform/clock';
import { TimeOrderedIdSource } from '@app/platform/ids';
import type { ReadStore } from '@app/projections';
import { randomUUID } from 'node:crypto';
import { application, approve, inPublicity, runOn } from '../../assistance-cases/test/case.fixtures';
import { metadata, newEvent, readWholeLog } from '../../ledger/test/fixtures';
import type { ReadModelHarness } from '../../projections/test/read-model-harness';
import { InjectedEngineFailure, RulesEngine, type RulesEngineOptions, warningIdOf } from '../src/engine';
import type { IntegrityRule } from '../src/rules/integrity-rule';
import type { AcknowledgeWarning, WarningCommand } from '../src/warning.commands';
import { createWarningDecider } from '../src/warning.decider';
import { warningStreamId } from '../src/warning.events';
import { approvedFromPublicity, faultyFinding, paidAfterDeath, reviewOverdue, throwingRule } from './engine-test-rules';

const decider = createWarningDecider({ calendar: createWorkingCalendar() });
const RULES: readonly IntegrityRule[] = [paidAfterDeath, approvedFromPublicity, reviewOverdue];
// Monday 1 March 2021, 10:00 in China.
const START = '2021-03-01T02:00:00.000Z';

async function append(store: EventStore, streamId: string, type: string, data: Record<string, unknown>): Promise<void> {
  await store.append(streamId, [newEvent(type, data)], { expectedRevision: 'any', commandId: randomUUID() });
}

/** Two households paid monthly; persons p-2 and p-5 die in 2021-01 and are paid for 2021-02 and 2021-03. */
async function seedPayments(store: EventStore, households = 6): Promise<void> {
  for (let h = 1; h <= households; h++) {
    const stream = `household-${h}`;
    if (h === 2 || h === 5) await append(store, stream, 'MemberDeathRecorded', { personId: `p-${h}`, month: '2021-01' });
    for (const month of ['2021-01', '2021-02', '2021-03']) await append(store, stream, 'BenefitPaid', { personId: `p-${h}`, month });
  }
}

/** A case taken to approval through publicity with the real case rules (`case-<caseId>`). */
async function seedApprovedCase(store: EventStore, caseId: string): Promise<void> {
  const history = inPublicity(undefined, application({ caseId }));
  const approval = runOn(history, approve('2021-03-16T09:00:00+08:00', { caseId }));
  const events = [...history, ...approval].map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: metadata(),
  }));
  await store.append(`case-${caseId}`, events, { expectedRevision: 'no-stream', commandId: randomUUID() });
}

const ofType = (events: readonly RecordedEvent[], type: string) => events.filter((event) => event.type === type);

export function rulesEngineSuite(label: string, open: () => Promise<ReadModelHarness>): void {
  describe(`the rules engine on ${label}`, () => {
    let harness: ReadModelHarness;
    let store: EventStore;
    let readStore: ReadStore;
    let clock: FixedClock;
    let engines: RulesEngine[];

    const engine = (options: Partial<RulesEngineOptions> = {}): RulesEngine => {
      const created = new RulesEngine({
        store,
        readStore,
        decider,
        rules: RULES,
        clock,
        ids: new TimeOrderedIdSource(),
        settings: { batchSize: 7, batchMaxMs: 5 },
        ...options,
      });
      engines.push(created);
      return created;
    };
    const log = () => readWholeLog(store);
    const raisedKeys = async () =>
      ofType(await log(), 'WarningRaised')
        .map((event) => (event.data as { ruleId: string; key: string }))
        .map(({ ruleId, key }) => `${ruleId}/${key}`)
        .sort();

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      readStore = harness.readStore;
      clock = new FixedClock(START);
      engines = [];
    });

    afterEach(async () => {
      for (const created of engines) await created.stop();
      await harness.close();
    });

    describe('over a log with anomalies', () => {
      beforeEach(async () => {
        await seedPayments(store);
        await seedApprovedCase(store, 'c-7');
      });

      it('raises each expected warning once, routed, with its evidence and the engine as actor', async () => {
        const report = await engine().runOnce();
        const events = await log();
        const raised = ofType(events, 'WarningRaised');
        expect(await raisedKeys()).toEqual([
          'test-approved-from-publicity/c-7',
          'test-paid-after-death/p-2:2021-02',
          'test-paid-after-death/p-2:2021-03',
          'test-paid-after-death/p-5:2021-02',
          'test-paid-after-death/p-5:2021-03',
        ]);
        expect(report.raised).toBe(5);
        expect(ofType(events, 'WarningRouted')).toHaveLength(5);

        const warningId = warningIdOf('test-paid-after-death', 'p-2:2021-02');
        const stream = await store.readStream(warningStreamId(warningId));
        const death = events.find((e) => e.type === 'MemberDeathRecorded' && e.streamId === 'household-2') as RecordedEvent;
        const payment = events.find(
          (e) => e.streamId === 'household-2' && e.type === 'BenefitPaid' && (e.data as { month: string }).month === '2021-02',
        ) as RecordedEvent;
        expect(stream.map((e) => e.type)).toEqual(['WarningRaised', 'WarningRouted']);
        expect(stream[0].data).toMatchObject({
          warningId,
          severity: 'medium',
          jurisdiction: { township: '330602001', county: '330602' },
          evidence: [death.eventId, payment.eventId],
          raisedAt: START,
        });
        expect(stream[0].metadata).toMatchObject({
          actor: { id: 'rules-engine', role: 'system', unit: '' },
          causationId: payment.eventId,
          correlationId: payment.metadata.correlationId,
        });
        expect(stream[1].data).toMatchObject({ level: 'township', acknowledgeBy: '2021-03-03T16:00:00.000Z' });
      });

      it('raises nothing more when the whole log is replayed, twice, by fresh engines from the start', async () => {
        await engine().runOnce();
        const before = await log();
        for (let replay = 1; replay <= 2; replay++) {
          const fresh = engine();
          await fresh.resetCheckpoint();
          expect(await fresh.runOnce()).toEqual({ events: before.length, raised: 0 });
        }
        const after = await log();
        expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
        expect(ofType(after, 'WarningRaised')).toHaveLength(5);
      });

      it('raises nothing twice after a crash between raising and saving the checkpoint', async () => {
        // One raise at a time, so that exactly three are in the log when it crashes.
        const crashing = engine({ failAfterRaises: 3, settings: { batchSize: 7, raiseConcurrency: 1 } });
        await expect(crashing.runOnce()).rejects.toBeInstanceOf(InjectedEngineFailure);
        expect(ofType(await log(), 'WarningRaised')).toHaveLength(3);
        // The checkpoint stayed before the batch that raised: a restart offers that batch again.
        expect((await crashing.status()).lag).toBeGreaterThan(0);

        const restarted = engine();
        const report = await restarted.runOnce();
        expect(report.raised).toBe(2);
        expect(await raisedKeys()).toHaveLength(5);
        expect(new Set(await raisedKeys()).size).toBe(5);
        // And the crashed engine, run again, rebuilds from its checkpoint and finds everything done.
        expect((await crashing.runOnce()).raised).toBe(0);
        expect(ofType(await log(), 'WarningRaised')).toHaveLength(5);
      });

      it('rebuilds the rules’ state from the log up to its checkpoint at start, without raising, and judges what follows', async () => {
        await engine().runOnce();
        // The death is before the checkpoint, the payment after it.
        await append(store, 'household-2', 'BenefitPaid', { personId: 'p-2', month: '2021-04' });
        const restarted = engine();
        // The payment, then the warning's two events the engine itself appended.
        expect(await restarted.runOnce()).toEqual({ events: 3, raised: 1 });
        expect(await raisedKeys()).toContain('test-paid-after-death/p-2:2021-04');
        expect(ofType(await log(), 'WarningRaised')).toHaveLength(6);
        expect(await restarted.status()).toMatchObject({ lag: 0, warningsRaised: 1, warningsInLog: 6, openWarnings: 6 });
      });

      it('judges the whole log again when the rule set changes, raising only the new rule’s findings', async () => {
        await engine({ rules: [paidAfterDeath] }).runOnce();
        expect(await raisedKeys()).toHaveLength(4);
        const widened = engine();
        expect((await widened.runOnce()).raised).toBe(1);
        expect(await raisedKeys()).toContain('test-approved-from-publicity/c-7');
        expect(await raisedKeys()).toHaveLength(5);
      });

      it('skips a finding the warning stream refuses and a rule that throws, and goes on', async () => {
        await append(store, 'household-9', 'Glitch', {});
        const tolerant = engine({ rules: [...RULES, faultyFinding, throwingRule] });
        expect((await tolerant.runOnce()).raised).toBe(5);
        const status = await tolerant.status();
        expect(status).toMatchObject({ refusedFindings: 1, lastRefusal: { ruleId: 'test-faulty-finding', code: 'invalid-field' } });
        expect(status.ruleErrors).toEqual([{ ruleId: 'test-throwing', errors: 1, lastError: 'rule bug' }]);
      });
    });

    describe('live', () => {
      it('raises a warning for an event appended while it follows the log', async () => {
        await seedPayments(store, 2);
        const live = engine({ settings: { batchMaxMs: 5, tickIntervalMs: 60_000, escalationIntervalMs: 60_000 } });
        await live.start();
        expect(ofType(await log(), 'WarningRaised')).toHaveLength(2);
        await append(store, 'household-2', 'BenefitPaid', { personId: 'p-2', month: '2021-05' });
        const deadline = Date.now() + 5000;
        while (ofType(await log(), 'WarningRaised').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(await raisedKeys()).toContain('test-paid-after-death/p-2:2021-05');
        expect((await live.status()).phase).toBe('live');
      });
    });

    describe('after a failure while following the log', () => {
      it('rebuilds from its checkpoint, resumes, and raises nothing twice', async () => {
        await seedPayments(store);
        const live = engine({ failAfterRaises: 1, settings: { restartDelayMs: 10, batchMaxMs: 5 } });
        await live.start();
        const deadline = Date.now() + 5000;
        while (ofType(await log(), 'WarningRaised').length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
        expect(await raisedKeys()).toEqual([
          'test-paid-after-death/p-2:2021-02',
          'test-paid-after-death/p-2:2021-03',
          'test-paid-after-death/p-5:2021-02',
          'test-paid-after-death/p-5:2021-03',
        ]);
        expect(await live.status()).toMatchObject({ phase: 'live', restarts: 1, error: expect.stringContaining('injected failure') });
      });
    });

    describe('ticks', () => {
      it('raise what a time-driven rule finds due, once, also after a restart', async () => {
        await append(store, 'review-1', 'ReviewDue', { reviewId: 'r-1', dueAt: '2021-03-10T00:00:00.000Z' });
        await append(store, 'review-2', 'ReviewDue', { reviewId: 'r-2', dueAt: '2021-03-10T00:00:00.000Z' });
        await append(store, 'review-2', 'ReviewDone', { reviewId: 'r-2' });
        const first = engine();
        await first.runOnce();
        expect(await first.tick(new Date('2021-03-09T23:59:59.999Z'))).toBe(0);
        expect(await first.tick(new Date('2021-03-10T00:00:00.000Z'))).toBe(1);
        expect(await first.tick(new Date('2021-03-11T00:00:00.000Z'))).toBe(0);
        const restarted = engine();
        await restarted.runOnce();
        expect(await restarted.tick(new Date('2021-03-11T00:00:00.000Z'))).toBe(0);
        expect(await raisedKeys()).toEqual(['test-review-overdue/r-1']);
      });
    });

    describe('escalation', () => {
      const acknowledge = (warningId: string) => {
        const command: AcknowledgeWarning = {
          type: 'AcknowledgeWarning',
          data: { warningId, note: null },
          metadata: { now: '2021-03-02T02:00:00.000Z', actor: { id: 'tz-1', role: 'township-approver', unit: '330602001' } },
        };
        return handleCommand(store, decider, warningStreamId(warningId), command, {
          metadata: metadata({ actor: command.metadata.actor }),
          newEventId: randomUUID,
        });
      };

      beforeEach(async () => {
        await seedPayments(store, 2);
      });

      it('escalates a warning unacknowledged when the clock passes its deadline, not before, and once', async () => {
        const scheduler = engine();
        await scheduler.runOnce();
        // Acknowledge by the end of Wednesday 3 March (China time).
        expect(await scheduler.escalateDue(new Date('2021-03-03T16:00:00.000Z'))).toBe(0);
        clock.set('2021-03-03T16:00:00.001Z');
        // Both of p-2's warnings (February and March) were raised at the same time.
        expect(await scheduler.escalateDue()).toBe(2);
        expect(await scheduler.escalateDue()).toBe(0);
        await scheduler.runOnce();
        expect(await scheduler.escalateDue()).toBe(0);

        const escalated = ofType(await log(), 'WarningEscalated').find(
          (event) => event.streamId === warningStreamId(warningIdOf('test-paid-after-death', 'p-2:2021-02')),
        ) as RecordedEvent;
        expect(escalated.data).toEqual({
          warningId: warningIdOf('test-paid-after-death', 'p-2:2021-02'),
          from: 'township',
          to: 'county',
          reason: 'unacknowledged',
          note: null,
          escalatedAt: '2021-03-03T16:00:00.001Z',
          acknowledgeBy: '2021-03-08T16:00:00.000Z',
        });
        expect(escalated.metadata.actor).toEqual({ id: 'rules-engine', role: 'system', unit: '' });

        // A fresh engine, state rebuilt from the log, finds it already escalated.
        const restarted = engine();
        await restarted.runOnce();
        expect(await restarted.escalateDue()).toBe(0);
        // At the county, it escalates again once the county's deadline passes.
        expect(await restarted.escalateDue(new Date('2021-03-08T16:00:00.000Z'))).toBe(0);
        expect(await restarted.escalateDue(new Date('2021-03-08T16:00:00.001Z'))).toBe(2);
        await restarted.runOnce();
        expect((await store.readStream(escalated.streamId)).map((e) => e.type)).toEqual([
          'WarningRaised',
          'WarningRouted',
          'WarningEscalated',
          'WarningEscalated',
        ]);
      });

      it('defers to the stream when its view is stale: a warning sent back down has a new deadline', async () => {
        const scheduler = engine();
        await scheduler.runOnce();
        const warningId = warningIdOf('test-paid-after-death', 'p-2:2021-02');
        const countySupervisor = { id: 'cs-1', role: 'supervisor', unit: '330602' };
        const byHand = (command: WarningCommand) =>
          handleCommand(store, decider, warningStreamId(warningId), command, {
            metadata: metadata({ actor: countySupervisor }),
            newEventId: randomUUID,
          });
        const at = '2021-03-05T02:00:00.000Z';
        await byHand({ type: 'EscalateWarning', data: { warningId, reason: 'by-hand', note: null }, metadata: { now: at, actor: countySupervisor } });
        // Back to the township on Friday 5 March: acknowledge by the end of Tuesday 9 March.
        await byHand({ type: 'RouteWarning', data: { warningId, level: 'township' }, metadata: { now: at, actor: countySupervisor } });
        // The engine still sees the first deadline (3 March) and tries; the decider refuses, and nothing stops.
        // (The other warning, p-2's March one, is overdue at the township and escalates.)
        expect(await scheduler.escalateDue(new Date('2021-03-06T00:00:00.000Z'))).toBe(1);
        await scheduler.runOnce();
        expect(await scheduler.escalateDue(new Date('2021-03-09T16:00:00.000Z'))).toBe(0);
        // Both now: this one at the township, the March one at the county (which also ends 9 March).
        expect(await scheduler.escalateDue(new Date('2021-03-09T16:00:00.001Z'))).toBe(2);
        expect((await store.readStream(warningStreamId(warningId))).map((e) => e.type)).toEqual([
          'WarningRaised',
          'WarningRouted',
          'WarningEscalated',
          'WarningRouted',
          'WarningEscalated',
        ]);
      });

      it('leaves acknowledged warnings where they are, even before the engine has seen the acknowledgement', async () => {
        const scheduler = engine();
        await scheduler.runOnce();
        await acknowledge(warningIdOf('test-paid-after-death', 'p-2:2021-02'));
        await acknowledge(warningIdOf('test-paid-after-death', 'p-2:2021-03'));
        // Not folded yet: the decider, reading the stream, decides nothing.
        expect(await scheduler.escalateDue(new Date('2021-04-01T00:00:00.000Z'))).toBe(0);
        await scheduler.runOnce();
        expect((await scheduler.status()).openWarnings).toBe(2);
        expect(await scheduler.escalateDue(new Date('2021-04-01T00:00:00.000Z'))).toBe(0);
        expect(ofType(await log(), 'WarningEscalated')).toHaveLength(0);
      });
    });
  });
}
