import { randomUUID } from 'node:crypto';
import type { EventStore } from '@app/ledger';
import type { Actor } from '@app/ledger/envelope';
import { computeDraw, type PopulationCase } from '../src/inspection-sampling';
import { inspectionStreamId } from '../src/inspection.events';
import { Campaign, command, COUNTY, head, INSPECTOR, T1, T2 } from './inspection.fixtures';

/**
 * A log for the inspection read models and the integrity figures: a 越城 campaign over two streets
 * with every inspection event type (visits on sampled cases of both streets and at an office,
 * findings with and without a case, a linked recovery and credit record, a rectification sent back
 * and then closed out, one left overdue, a late finding in T2), a 柯桥 campaign only opened, and
 * warnings confirmed and dismissed in and out of the window. Appended in interleaved slices.
 */
export const T3 = '330603101';
export const REVIEWER: Actor = { id: 'county-1', role: 'county-reviewer', unit: COUNTY };
export const CLERK_T1: Actor = { id: 'clerk-1', role: 'township-approver', unit: T1 };
const KEQIAO_INSPECTOR: Actor = { id: 'jjjc-9', role: 'discipline-inspector', unit: '330603' };
export const HOUSEHOLD_A = '6f1d3c8e-0000-5000-8000-00000000000a';
const day = (d: string) => `${d}T02:00:00.000Z`; // 10:00 in Shaoxing

/** Five cases in each street. */
export const POPULATION: PopulationCase[] = [T1, T2].flatMap((township, t) =>
  Array.from({ length: 5 }, (_, i) => ({ caseId: `case-${t + 1}${i}`, townshipCode: township, programme: 'dibao' })),
);

export interface InspectionLog {
  /** Events of each stream, in the order they are appended, sliced as they are interleaved. */
  readonly slices: readonly (readonly [streamId: string, events: readonly { type: string; data: unknown }[], at: string, actor: Actor])[];
  readonly sampledT1: string;
  readonly sampledT2: string;
  readonly sampleTownships: readonly string[];
}

export function inspectionLog(): InspectionLog {
  const slices: [string, { type: string; data: unknown }[], string, Actor][] = [];
  const c1 = new Campaign();
  const s1 = inspectionStreamId('camp-1');
  const step = (c: Campaign, streamId: string, type: Parameters<typeof command>[0], data: object, on: string, actor: Actor = INSPECTOR) => {
    const events = c.when(command(type, data as never, day(on), actor));
    slices.push([streamId, [...events], day(on), actor]);
  };

  step(c1, s1, 'OpenCampaign', { campaignId: 'camp-1', title: '2021年低保专项治理', townships: [T1, T2], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, sampleSize: 4 }, '2021-04-01');
  const h = head('2021-04-01T02:00:05.000Z');
  step(c1, s1, 'DrawSample', { treeHead: h, ...computeDraw('camp-1', c1.state.scope!, h, POPULATION) }, '2021-04-01');
  const sample = c1.state.draw!.sample;
  const sampledT1 = sample.find((s) => s.townshipCode === T1)!.caseId;
  const sampledT2 = sample.find((s) => s.townshipCode === T2)!.caseId;

  const c2 = new Campaign();
  const s2 = inspectionStreamId('camp-2');
  step(c2, s2, 'OpenCampaign', { campaignId: 'camp-2', title: '柯桥区专项治理', townships: [T3], programmes: ['dibao', 'tekun'], period: { from: '2021-04-01', to: '2021-12-31' }, sampleRatio: 0.1 }, '2021-04-02', KEQIAO_INSPECTOR);

  step(c1, s1, 'RecordVisit', { visitId: 'v-1', mode: 'covert', visitedOn: '2021-04-06', townshipCode: T1, caseId: sampledT1, officials: ['jjjc-1'], notes: '暗访' }, '2021-04-06');
  step(c1, s1, 'RecordVisit', { visitId: 'v-2', mode: 'open', visitedOn: '2021-04-07', townshipCode: T2, caseId: sampledT2, officials: ['jjjc-1'], notes: '明查' }, '2021-04-07');
  step(c1, s1, 'RecordVisit', { visitId: 'v-3', mode: 'open', visitedOn: '2021-04-07', townshipCode: T1, officials: ['jjjc-1'], notes: '查阅街道台账' }, '2021-04-07');
  step(c1, s1, 'RecordFinding', { findingId: 'f-1', visitId: 'v-1', townshipCode: T1, findingClass: 'favour-based', description: '人情保', responsibleOfficials: ['village-1'], amountFen: 120_000 }, '2021-04-07');
  step(c1, s1, 'RecordFinding', { findingId: 'f-2', visitId: 'v-3', townshipCode: T1, findingClass: 'publicity-irregular', description: '未按规定公示', responsibleOfficials: ['clerk-1', 'village-1'], amountFen: 0 }, '2021-04-07');
  step(c1, s1, 'LinkRecovery', { findingId: 'f-1', caseId: sampledT1, recoveryId: 'rec-1', orderedFen: 120_000, repaidFen: 20_000 }, '2021-04-08');
  step(c1, s1, 'LinkCreditRecord', { findingId: 'f-1', householdId: HOUSEHOLD_A, recordId: 'cr-1', behaviour: 'concealed-changes', severity: 'serious', gradeAfter: 'serious' }, '2021-04-08', REVIEWER);
  step(c1, s1, 'OrderRectification', { rectificationId: 'r-1', findingId: 'f-1', requirement: '取消低保并追回', dueBy: '2021-04-30' }, '2021-04-08');
  step(c1, s1, 'OrderRectification', { rectificationId: 'r-2', findingId: 'f-2', requirement: '重新公示', dueBy: '2021-04-30' }, '2021-04-08');
  step(c1, s1, 'CompleteRectification', { rectificationId: 'r-1', description: '已停保', evidence: ['越民〔2021〕20号'] }, '2021-04-20', CLERK_T1);
  step(c1, s1, 'VerifyRectification', { rectificationId: 'r-1', accepted: false, remarks: '未追回' }, '2021-04-21');
  step(c1, s1, 'CompleteRectification', { rectificationId: 'r-1', description: '已停保并追回', evidence: ['越民〔2021〕20号', '缴款书-1'] }, '2021-04-25', CLERK_T1);
  step(c1, s1, 'VerifyRectification', { rectificationId: 'r-1', accepted: true, remarks: '核实到位' }, '2021-04-26');
  step(c1, s1, 'CloseOutRectification', { rectificationId: 'r-1' }, '2021-04-27');
  step(c1, s1, 'RecordFinding', { findingId: 'f-3', townshipCode: T2, findingClass: 'wrongful-inclusion', description: '错保', responsibleOfficials: ['village-2'], amountFen: 50_000 }, '2021-05-10');
  step(c1, s1, 'RecordFinding', { findingId: 'f-4', visitId: 'v-2', townshipCode: T2, findingClass: 'wrongful-inclusion', description: '窗口外的错保', responsibleOfficials: ['village-2'], amountFen: 10_000 }, '2021-07-02');

  // Warnings: interleaved after the opening of camp-2.
  const warnings: [string, { type: string; data: unknown }[], string, Actor][] = [
    warning('w1', T1, '2021-04-02', { finding: 'confirmed', on: '2021-04-10' }),
    warning('w2', T2, '2021-04-03', { finding: 'dismissed', on: '2021-04-12' }),
    warning('w3', T1, '2021-06-20', { finding: 'confirmed', on: '2021-07-01' }),
    warning('w4', T3, '2021-04-05', { finding: 'confirmed', on: '2021-04-15' }),
    warning('w5', T2, '2021-05-01', null),
  ];
  slices.splice(3, 0, ...warnings);
  return { slices, sampledT1, sampledT2, sampleTownships: sample.map((s) => s.townshipCode) };
}

function warning(warningId: string, township: string, raisedOn: string, closed: { finding: string; on: string } | null): [string, { type: string; data: unknown }[], string, Actor] {
  const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor', unit: township.slice(0, 6) };
  const events = [
    {
      type: 'WarningRaised',
      data: {
        warningId, ruleId: 'payment-after-death', ruleTitle: '死亡后仍发放', severity: 'high', key: `k:${warningId}`, caseId: `case-of-${warningId}`,
        jurisdiction: { township, county: township.slice(0, 6) }, evidence: [`e-${warningId}`], summary: `预警 ${warningId}`, details: {},
        raisedAt: day(raisedOn), closeBy: raisedOn,
      },
    },
    { type: 'WarningRouted', data: { warningId, level: 'county', routedAt: day(raisedOn), acknowledgeBy: null } },
    ...(closed
      ? [{ type: 'WarningClosed', data: { warningId, finding: closed.finding, reason: '核实', evidence: closed.finding === 'confirmed' ? ['凭证'] : [], closedBy: supervisor.id, closedAt: day(closed.on) } }]
      : []),
  ];
  return [`warning-${warningId}`, events, day(raisedOn), supervisor];
}

export async function appendInspectionLog(store: EventStore, log: InspectionLog): Promise<void> {
  for (const [streamId, events, occurredAt, actor] of log.slices) {
    await store.append(
      streamId,
      events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { actor, commandId: randomUUID(), correlationId: streamId, causationId: null, occurredAt } })),
      { expectedRevision: 'any', commandId: randomUUID() },
    );
  }
}
