import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType, type CaseState } from '../src';
import {
  application,
  approver,
  at,
  clerk,
  command,
  countyReviewer,
  decider,
  dibao890,
  IDS,
  inForce,
  inPublicity,
  meansCheck,
  notInForce,
  run,
  runOn,
  visit,
} from './case.fixtures';
import { managedDibao, managedTekun, managementChecks } from './case-management.evolve-checks';

type Check = {
  [K in CaseEventType]: (after: CaseState, event: Extract<CaseEvent, { type: K }>, before: CaseState) => void;
};

/** What each event type does to the state; a type missing here fails to compile. */
const checks: Check = {
  ApplicationSubmitted: (s, e) =>
    expect(s).toMatchObject({
      status: 'submitted',
      caseId: e.data.caseId,
      programme: e.data.programme,
      track: e.data.track,
      townshipCode: e.data.townshipCode,
      memberCount: e.data.household.members.length,
    }),
  NearRelativeCaseRegistered: (s, e) =>
    expect(s).toMatchObject({
      nearRelative: true,
      countyVisitRequirements: [{ ground: 'near-relative', since: e.data.registeredOn }],
    }),
  MissingDocumentsRequested: (s) =>
    expect(s).toMatchObject({
      status: 'documents-requested',
      documents: { requested: ['hukou-book'], outstanding: ['hukou-book'], notices: 1 },
    }),
  DocumentsSupplied: (s) => expect(s.documents).toEqual({ requested: ['hukou-book'], outstanding: [], notices: 1 }),
  ApplicationAccepted: (s, e) =>
    expect(s).toMatchObject({
      status: 'accepted',
      acceptedOn: e.data.acceptedOn,
      round: 1,
      investigationStartDueBy: e.data.investigationStartDueBy,
      deadline: { dueBy: e.data.decisionDueBy, totalWorkingDays: 30, extended: false },
    }),
  MeansCheckReported: (s, e) =>
    expect(s).toMatchObject({
      meansChecks: 1,
      meansCheckIncomeFen: e.data.findings.monthlyIncomeFen,
      investigationStartedOn: e.data.requestedOn,
    }),
  HomeVisitRecorded: (s, e, before) => {
    expect(s.visits).toEqual([
      ...before.visits,
      { visitId: e.data.visitId, visitedOn: e.data.visitedOn, byCounty: e.data.byCounty, round: e.data.round },
    ]);
  },
  PreliminaryOpinionGiven: (s, e) =>
    expect(s).toMatchObject({
      status: 'opinion-given',
      opinion: { round: e.data.round, opinion: e.data.opinion, proposal: e.data.proposal },
    }),
  PublicityStarted: (s, e) =>
    expect(s).toMatchObject({ status: 'in-publicity', publicity: { from: e.data.from, until: e.data.until } }),
  ObjectionRecorded: (s, _e, before) =>
    expect(s).toMatchObject({
      status: 'accepted',
      round: before.round + 1,
      opinion: null,
      publicity: null,
      objections: before.objections + 1,
    }),
  ComplaintRecorded: (s, e, before) => {
    expect(s.complaints).toBe(before.complaints + 1);
    expect(s.countyVisitRequirements).toContainEqual({ ground: 'complaint', since: e.data.receivedOn });
  },
  SubmittedForCountyConfirmation: (s, e) =>
    expect(s).toMatchObject({
      status: 'awaiting-county-confirmation',
      countyConfirmation: { recommendation: e.data.recommendation, dueBy: e.data.confirmationDueBy },
    }),
  CaseApproved: (s, e) =>
    expect(s).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', award: e.data.award, decidedBy: e.data.decidedBy },
    }),
  CaseRejected: (s, e) =>
    expect(s).toMatchObject({
      status: 'rejected',
      decision: { outcome: 'rejected', reasons: e.data.reasons },
      rejectionNotice: { dueBy: e.data.noticeDueBy, sentOn: null },
    }),
  RejectionNoticeSent: (s, e) =>
    expect(s.rejectionNotice).toEqual({ dueBy: e.data.dueBy, sentOn: e.data.sentOn, late: e.data.late }),
  DeadlineExtended: (s, e) =>
    expect(s.deadline).toEqual({ dueBy: e.data.newDueBy, totalWorkingDays: 45, extended: true }),
  EmergencyAssistanceGranted: (s, e) =>
    expect(s).toMatchObject({
      status: 'emergency-granted',
      emergency: { amountFen: e.data.amountFen, paperworkDueBy: e.data.paperworkDueBy, completedOn: null },
    }),
  EmergencyPaperworkCompleted: (s, e) =>
    expect(s).toMatchObject({ status: 'emergency-completed', emergency: { completedOn: e.data.completedOn } }),
  ...managementChecks,
};

/** A long 低保 case: documents, objection, extension, county confirmation after a complaint. */
function approvedByCounty(): CaseEvent[] {
  const app = application({
    nearRelativeMatches: [{ officialId: 'o-1', relation: '兄弟', memberIdNumber: IDS.spouse }],
  });
  const opinion = (date: string) =>
    command('GivePreliminaryOpinion', { caseId: 'c-1', opinion: 'eligible', standard: dibao890 }, approver, at(date));
  const publicity = (date: string) =>
    command('StartPublicity', { caseId: 'c-1', place: '村务公开栏' }, clerk, at(date, '16:00'));
  return run(
    command('SubmitApplication', app, clerk, at('2021-03-01')),
    command(
      'RequestMissingDocuments',
      { caseId: 'c-1', documents: [{ code: 'hukou-book', description: '户口簿' }] },
      clerk,
      at('2021-03-01'),
    ),
    command('RecordDocumentsSupplied', { caseId: 'c-1', documents: ['hukou-book'] }, clerk, at('2021-03-02')),
    command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-02')),
    command('RecordMeansCheck', meansCheck('c-1', '2021-03-03', '2021-03-05'), clerk, at('2021-03-05')),
    command('RecordHomeVisit', visit('v-1', '2021-03-04'), clerk, at('2021-03-05')),
    opinion('2021-03-08'),
    publicity('2021-03-08'),
    command(
      'RecordObjection',
      { caseId: 'c-1', receivedOn: '2021-03-10', summary: '有未申报收入' },
      clerk,
      at('2021-03-10'),
    ),
    command('RecordHomeVisit', visit('v-2', '2021-03-11'), clerk, at('2021-03-11')),
    opinion('2021-03-12'),
    publicity('2021-03-12'),
    command('ExtendDeadline', { caseId: 'c-1', reason: '异议复查' }, approver, at('2021-03-19')),
    command('SubmitForCountyConfirmation', { caseId: 'c-1', recommendation: 'approve' }, approver, at('2021-03-19')),
    command(
      'RecordComplaint',
      { caseId: 'c-1', receivedOn: '2021-03-22', summary: '实名举报' },
      countyReviewer,
      at('2021-03-22'),
    ),
    command('RecordHomeVisit', visit('v-3', '2021-03-23', true), countyReviewer, at('2021-03-23')),
    command('ConfirmCase', { caseId: 'c-1', outcome: 'approve', standard: dibao890 }, countyReviewer, at('2021-03-24')),
  );
}

function rejectedAndNotified(): CaseEvent[] {
  const history = inPublicity();
  return [
    ...history,
    ...runOn(
      history,
      command(
        'RejectCase',
        { caseId: 'c-1', delegation: inForce(), reasons: ['名下有车辆'] },
        approver,
        at('2021-03-16'),
      ),
      command(
        'RecordRejectionNotice',
        { caseId: 'c-1', sentOn: '2021-03-17', method: 'post' },
        clerk,
        at('2021-03-17'),
      ),
    ),
  ];
}

function emergencyDocumented(): CaseEvent[] {
  return run(
    command(
      'SubmitApplication',
      application({ programme: 'temporary', track: 'emergency', personal: {} }),
      clerk,
      at('2021-03-01'),
    ),
    command(
      'PayEmergencyAssistance',
      { caseId: 'c-1', amountFen: 100_000, need: '突发重病', delegation: notInForce('none') },
      countyReviewer,
      at('2021-03-01'),
    ),
    command('RecordHomeVisit', visit('v-1', '2021-03-02'), clerk, at('2021-03-02')),
    command('CompleteEmergencyPaperwork', { caseId: 'c-1' }, clerk, at('2021-03-03')),
  );
}

describe('folding a case', () => {
  const histories = [approvedByCounty(), rejectedAndNotified(), emergencyDocumented()];

  it('handles every event type, each with its own effect on the state', () => {
    const seen = new Set<CaseEventType>();
    for (const history of [...histories, managedDibao(), managedTekun()]) {
      let state = decider.initialState();
      for (const event of history) {
        const before = state;
        const frozen = JSON.stringify(before);
        state = decider.evolve(before, event);
        expect(JSON.stringify(before)).toBe(frozen);
        (checks[event.type] as (a: CaseState, e: CaseEvent, b: CaseState) => void)(state, event, before);
        seen.add(event.type);
      }
    }
    expect([...seen].sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it('ends each history where the procedure says', () => {
    const final = histories.map((h) => h.reduce(decider.evolve, decider.initialState()));
    expect(final.map((s) => s.status)).toEqual(['approved', 'rejected', 'emergency-completed']);
    expect(final[0]).toMatchObject({
      round: 2,
      objections: 1,
      complaints: 1,
      decision: { decidedBy: { level: 'county' } },
    });
  });

  it('ends a managed case terminated, by decision or by the death of its last member', () => {
    const [dibao, tekun] = [managedDibao(), managedTekun()].map((h) => h.reduce(decider.evolve, decider.initialState()));
    expect(dibao.termination).toMatchObject({ ground: 'income-above-standard', effectiveFrom: '2021-11' });
    expect(tekun.termination).toMatchObject({ ground: 'death', effectiveFrom: '2021-06', decidedBy: null });
  });

  it('gives the same state when the same events are folded again', () => {
    for (const history of [...histories, managedDibao(), managedTekun()]) {
      expect(history.reduce(decider.evolve, decider.initialState())).toEqual(
        history.reduce(decider.evolve, decider.initialState()),
      );
    }
  });
});
