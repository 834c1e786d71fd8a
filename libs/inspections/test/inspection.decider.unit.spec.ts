import type { DomainError } from '@app/ledger/domain';
import { computeDraw } from '../src/inspection-sampling';
import { isOverdue } from '../src/inspection.state';
import { Campaign, CLERK_T1, command, drawn, head, opened, population, T1 } from './inspection.fixtures';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('opening a campaign', () => {
  it('records the scope, sorted, and the opener’s unit', () => {
    const c = opened({ sampleRatio: 0.3 });
    expect(c.events[0]).toMatchObject({
      type: 'InspectionCampaignOpened',
      data: { campaignId: 'camp-1', unit: '330602', scope: { townships: ['330602001', '330602002'], programmes: ['dibao'], sampleSize: null, sampleRatio: 0.3 }, openedAt: '2021-04-01T01:00:00.000Z' },
    });
  });

  it('is refused to a township clerk, and for a township outside the unit', () => {
    const data = { campaignId: 'x', title: 't', townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-04-30' }, sampleSize: 2 };
    expect(refusal(() => new Campaign().when(command('OpenCampaign', data, undefined, CLERK_T1)))).toMatchObject({ kind: 'forbidden' });
    expect(refusal(() => new Campaign().when(command('OpenCampaign', { ...data, townships: ['330603001'] })))).toMatchObject({ kind: 'forbidden', code: 'outside-jurisdiction' });
  });

  it('needs exactly one of sample size and ratio', () => {
    const data = { campaignId: 'x', title: 't', townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-04-30' } };
    expect(refusal(() => new Campaign().when(command('OpenCampaign', data)))).toMatchObject({ details: { field: 'sampleSize' } });
    expect(refusal(() => new Campaign().when(command('OpenCampaign', { ...data, sampleRatio: 1.5 })))).toMatchObject({ details: { field: 'sampleRatio' } });
  });
});

describe('drawing the sample', () => {
  it('records the tree head, seed, algorithm, population and sample', () => {
    const c = drawn(10);
    expect(c.events[1]).toMatchObject({
      type: 'InspectionSampleDrawn',
      data: { treeHead: { treeSize: 40 }, population: { count: 10 }, drawnBy: { officialId: 'jjjc-1' } },
    });
    expect(c.state.draw?.sample).toHaveLength(3);
  });

  it('is refused with a tree head signed before (or at) the opening', () => {
    const c = opened();
    const h = head('2021-04-01T01:00:00.000Z');
    const draw = computeDraw('camp-1', c.state.scope!, h, population(10));
    expect(refusal(() => c.when(command('DrawSample', { treeHead: h, ...draw })))).toMatchObject({ code: 'tree-head-before-opening' });
  });

  it('is refused a second time, and with a sample of the wrong size or outside the population', () => {
    const c = drawn();
    const h = head();
    const draw = computeDraw('camp-1', c.state.scope!, h, population(10));
    expect(refusal(() => c.when(command('DrawSample', { treeHead: h, ...draw })))).toMatchObject({ code: 'sample-already-drawn' });
    const fresh = opened();
    expect(refusal(() => fresh.when(command('DrawSample', { treeHead: h, ...draw, sample: draw.sample.slice(1) })))).toMatchObject({ details: { field: 'sample' } });
    const stranger = [{ ...draw.sample[0]!, caseId: 'case-999' }, ...draw.sample.slice(1)];
    expect(refusal(() => fresh.when(command('DrawSample', { treeHead: h, ...draw, sample: stranger })))).toMatchObject({ details: { field: 'sample[0].caseId' } });
  });
});

describe('visits, findings and a rectification to its close-out (销号)', () => {
  const day = (d: string) => `${d}T02:00:00.000Z`;

  function withFinding(): Campaign {
    const c = drawn();
    const sampled = c.state.draw!.sample[0]!;
    c.when(command('RecordVisit', { visitId: 'v-1', mode: 'covert', visitedOn: '2021-04-06', townshipCode: T1, caseId: sampled.caseId, officials: ['jjjc-1', 'jjjc-2'], notes: '暗访：户主在外务工' }, day('2021-04-06')));
    c.when(command('RecordFinding', { findingId: 'f-1', visitId: 'v-1', townshipCode: T1, findingClass: 'favour-based', description: '人情保', responsibleOfficials: ['village-1'], amountFen: 120_000 }, day('2021-04-06')));
    return c;
  }

  it('needs the sample first, and a sampled case for a visit', () => {
    const c = opened();
    expect(refusal(() => c.when(command('RecordVisit', { visitId: 'v', mode: 'open', visitedOn: '2021-04-01', townshipCode: T1, officials: ['a'], notes: 'n' })))).toMatchObject({ code: 'sample-not-drawn' });
    const d = drawn();
    expect(refusal(() => d.when(command('RecordVisit', { visitId: 'v', mode: 'open', visitedOn: '2021-04-01', townshipCode: T1, caseId: 'nope', officials: ['a'], notes: 'n' }, day('2021-04-02'))))).toMatchObject({ details: { field: 'caseId' } });
  });

  it('classifies the finding and takes its case from the visit', () => {
    const c = withFinding();
    expect(c.state.findings[0]).toMatchObject({ findingClass: 'favour-based', caseId: c.state.draw!.sample[0]!.caseId, amountFen: 120_000 });
    expect(refusal(() => c.when(command('RecordFinding', { findingId: 'f-2', townshipCode: T1, findingClass: 'nonsense', description: 'd', responsibleOfficials: [], amountFen: 0 }, day('2021-04-06'))))).toMatchObject({ details: { field: 'findingClass' } });
  });

  it('runs ordered → completed (by the township) → verified → closed', () => {
    const c = withFinding();
    c.when(command('OrderRectification', { rectificationId: 'r-1', findingId: 'f-1', requirement: '取消低保并追回', dueBy: '2021-04-30' }, day('2021-04-07')));
    expect(isOverdue(c.state.rectifications[0]!, '2021-04-30')).toBe(false);
    expect(isOverdue(c.state.rectifications[0]!, '2021-05-01')).toBe(true);
    c.when(command('CompleteRectification', { rectificationId: 'r-1', description: '已停保', evidence: ['越民〔2021〕20号'] }, day('2021-04-20'), CLERK_T1));
    expect(c.state.rectifications[0]).toMatchObject({ status: 'completed', completedLate: false });
    expect(refusal(() => c.when(command('CloseOutRectification', { rectificationId: 'r-1' }, day('2021-04-21'))))).toMatchObject({ code: 'rectification-not-verified' });
    c.when(command('VerifyRectification', { rectificationId: 'r-1', accepted: true, remarks: '核实到位' }, day('2021-04-21')));
    c.when(command('CloseOutRectification', { rectificationId: 'r-1' }, day('2021-04-22')));
    expect(c.state.rectifications[0]).toMatchObject({ status: 'closed', closedOn: '2021-04-22' });
  });

  it('sends a rejected completion back, late once past its deadline', () => {
    const c = withFinding();
    c.when(command('OrderRectification', { rectificationId: 'r-1', findingId: 'f-1', requirement: '整改', dueBy: '2021-04-30' }, day('2021-04-07')));
    c.when(command('CompleteRectification', { rectificationId: 'r-1', description: 'd', evidence: ['e'] }, day('2021-04-20'), CLERK_T1));
    c.when(command('VerifyRectification', { rectificationId: 'r-1', accepted: false, remarks: '未到位' }, day('2021-04-21')));
    expect(c.state.rectifications[0]).toMatchObject({ status: 'ordered', rejections: 1 });
    const [done] = c.when(command('CompleteRectification', { rectificationId: 'r-1', description: 'd', evidence: ['e2'] }, day('2021-05-06'), CLERK_T1));
    expect(done).toMatchObject({ data: { late: true } });
  });

  it('refuses another township’s staff and a second order for the finding', () => {
    const c = withFinding();
    c.when(command('OrderRectification', { rectificationId: 'r-1', findingId: 'f-1', requirement: '整改', dueBy: '2021-04-30' }, day('2021-04-07')));
    const other = { id: 'clerk-2', role: 'township-approver', unit: '330602002' };
    expect(refusal(() => c.when(command('CompleteRectification', { rectificationId: 'r-1', description: 'd', evidence: ['e'] }, day('2021-04-20'), other)))).toMatchObject({ kind: 'forbidden' });
    expect(refusal(() => c.when(command('OrderRectification', { rectificationId: 'r-2', findingId: 'f-1', requirement: '整改', dueBy: '2021-04-30' }, day('2021-04-07'))))).toMatchObject({ code: 'rectification-already-ordered' });
  });

  it('links a recovery ordered on the finding’s case, once', () => {
    const c = withFinding();
    const caseId = c.state.findings[0]!.caseId!;
    c.when(command('LinkRecovery', { findingId: 'f-1', caseId, recoveryId: 'rec-1', orderedFen: 120_000, repaidFen: 0 }, day('2021-04-08')));
    expect(c.state.findings[0]!.recoveries).toEqual([{ caseId, recoveryId: 'rec-1', orderedFen: 120_000, repaidFen: 0, linkedOn: '2021-04-08' }]);
    expect(refusal(() => c.when(command('LinkRecovery', { findingId: 'f-1', caseId, recoveryId: 'rec-1', orderedFen: 1, repaidFen: 0 }, day('2021-04-08'))))).toMatchObject({ code: 'recovery-already-linked' });
    expect(refusal(() => c.when(command('LinkRecovery', { findingId: 'f-1', caseId: 'other', recoveryId: 'rec-2', orderedFen: 1, repaidFen: 0 }, day('2021-04-08'))))).toMatchObject({ code: 'recovery-on-other-case' });
  });
});
