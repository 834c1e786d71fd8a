import type { Actor } from '@app/ledger/envelope';
import type { InspectionCommand } from '@app/inspections/inspection.commands';
import { inspectionDecider } from '@app/inspections/inspection.decider';
import { computeDraw } from '@app/inspections/inspection-sampling';
import type { InspectionEvent } from '@app/inspections/inspection.events';
import type { InspectionState } from '@app/inspections/inspection.state';
import { rectificationOverdueRule } from './rectification-overdue.rule';
import { RuleRunner } from './testing/rule-runner';
import { TestLedger } from './testing/test-ledger';

const T1 = '330602001';
const INSPECTOR: Actor = { id: 'jjjc-1', role: 'discipline-inspector', unit: '330602' };
const CLERK: Actor = { id: 'clerk-1', role: 'township-approver', unit: T1 };
const at = (date: string) => `${date}T02:00:00.000Z`;
const rule = rectificationOverdueRule();

/** A campaign on a test ledger, with two findings, each ordered rectified by 30 April 2021. */
function campaign() {
  const ledger = new TestLedger();
  let state: InspectionState = inspectionDecider.initialState();
  const run = (type: InspectionCommand['type'], data: object, date: string, actor = INSPECTOR) => {
    const now = at(date);
    const command = { type, data, metadata: { now, actor } } as InspectionCommand;
    return inspectionDecider.decide(command, state).map((event: InspectionEvent) => {
      state = inspectionDecider.evolve(state, event);
      return ledger.append('inspection-camp-1', event.type, event.data, ledger.metadata(actor, now));
    });
  };
  run('OpenCampaign', { campaignId: 'camp-1', title: '专项治理', townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, sampleSize: 1 }, '2021-04-01');
  const head = { treeSize: 5, rootHash: 'ab'.repeat(32), timestamp: at('2021-04-02'), algorithm: 'Ed25519', keyId: 'cd'.repeat(32), signature: 'eA==' };
  run('DrawSample', { treeHead: head, ...computeDraw('camp-1', state.scope!, head, [{ caseId: 'c-1', townshipCode: T1, programme: 'dibao' }]) }, '2021-04-02');
  for (const f of ['f-1', 'f-2']) {
    run('RecordFinding', { findingId: f, townshipCode: T1, findingClass: 'publicity-irregular', description: '公示不规范', responsibleOfficials: ['v-1'], amountFen: 0 }, '2021-04-06');
  }
  const [ordered1] = run('OrderRectification', { rectificationId: 'r-1', findingId: 'f-1', requirement: '重新公示', dueBy: '2021-04-30' }, '2021-04-07');
  const [ordered2] = run('OrderRectification', { rectificationId: 'r-2', findingId: 'f-2', requirement: '重新公示', dueBy: '2021-04-30' }, '2021-04-07');
  return { ledger, run, ordered1: ordered1!, ordered2: ordered2! };
}

describe('two rectifications due on 30 April 2021, one completed on time', () => {
  it('raises one warning for the other, on 1 May, once, routed to its township', () => {
    const c = campaign();
    c.run('CompleteRectification', { rectificationId: 'r-1', description: '已重新公示', evidence: ['照片-1'] }, '2021-04-28', CLERK);
    const runner = new RuleRunner([rule]);
    expect(runner.offerAll(c.ledger.log)).toEqual([]);
    expect(runner.tick(new Date(at('2021-04-30')))).toEqual([]);
    const raised = runner.tick(new Date(at('2021-05-01')));
    expect(raised.map((r) => r.finding)).toEqual([
      expect.objectContaining({ key: 'camp-1:r-2:2021-04-30', township: T1, evidence: [c.ordered2.eventId], details: expect.objectContaining({ dueBy: '2021-04-30', asOf: '2021-05-01' }) }),
    ]);
    expect(runner.tick(new Date(at('2021-05-10')))).toEqual([]);
  });

  it('raises a completion recorded late, once, when no tick saw it first (a replay)', () => {
    const c = campaign();
    const [late] = c.run('CompleteRectification', { rectificationId: 'r-2', description: '补正', evidence: ['e'] }, '2021-05-06', CLERK);
    const replay = new RuleRunner([rule]).offerAll(c.ledger.log);
    expect(replay.map((r) => [r.finding.key, r.finding.evidence])).toEqual([['camp-1:r-2:2021-04-30', [c.ordered2.eventId, late!.eventId]]]);

    const live = new RuleRunner([rule]);
    live.offerAll(c.ledger.log.slice(0, -1));
    expect(live.tick(new Date(at('2021-05-01')))).toHaveLength(2);
    expect(live.offer(late!)).toEqual([]);
  });

  it('raises nothing once closed out, and again for an order sent back past its deadline', () => {
    const c = campaign();
    c.run('CompleteRectification', { rectificationId: 'r-1', description: 'd', evidence: ['e'] }, '2021-04-20', CLERK);
    c.run('VerifyRectification', { rectificationId: 'r-1', accepted: true, remarks: 'ok' }, '2021-04-21');
    c.run('CloseOutRectification', { rectificationId: 'r-1' }, '2021-04-22');
    c.run('CompleteRectification', { rectificationId: 'r-2', description: 'd', evidence: ['e'] }, '2021-04-20', CLERK);
    c.run('VerifyRectification', { rectificationId: 'r-2', accepted: false, remarks: '未到位' }, '2021-04-21');
    const runner = new RuleRunner([rule]);
    runner.offerAll(c.ledger.log);
    expect(runner.tick(new Date(at('2021-05-01'))).map((r) => r.finding.key)).toEqual(['camp-1:r-2:2021-04-30']);
  });
});
