import { evolveManagement, newMember, startManagement } from './case-management.evolve';
import { evolvePayments } from './case-payments.evolve';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';

/** Folds one event into the case. Total over every event type; never refuses. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      return {
        ...state,
        status: 'submitted',
        caseId: d.caseId,
        programme: d.programme,
        track: d.track,
        townshipCode: d.townshipCode,
        submittedOn: d.submittedOn,
        memberCount: d.household.members.length,
        declaredIncomeFen: d.household.monthlyIncomeFen,
        members: d.household.members.map((m) => newMember(m.relation, null)),
        personal: { memberIdNumbers: d.personal.members.map((m) => m.idNumber) },
        countyVisitRequirements: d.credit?.countyHomeVisitRequired
          ? [...state.countyVisitRequirements, { ground: 'credit', since: d.submittedOn }]
          : state.countyVisitRequirements,
      };
    }
    case 'NearRelativeCaseRegistered':
      return {
        ...state,
        nearRelative: true,
        countyVisitRequirements: [
          ...state.countyVisitRequirements,
          { ground: 'near-relative', since: event.data.registeredOn },
        ],
      };
    case 'MissingDocumentsRequested': {
      const codes = event.data.documents.map((d) => d.code);
      return {
        ...state,
        status: 'documents-requested',
        documents: {
          requested: [...new Set([...state.documents.requested, ...codes])],
          outstanding: [...new Set([...state.documents.outstanding, ...codes])],
          notices: state.documents.notices + 1,
        },
      };
    }
    case 'DocumentsSupplied': {
      const supplied = new Set(event.data.documents);
      return {
        ...state,
        documents: { ...state.documents, outstanding: state.documents.outstanding.filter((c) => !supplied.has(c)) },
      };
    }
    case 'ApplicationAccepted': {
      const d = event.data;
      return {
        ...state,
        status: 'accepted',
        acceptedOn: d.acceptedOn,
        investigationStartDueBy: d.investigationStartDueBy,
        opinionDueBy: d.opinionDueBy,
        deadline: { dueBy: d.decisionDueBy, totalWorkingDays: d.totalWorkingDays, extended: false },
        round: 1,
      };
    }
    case 'MeansCheckReported':
      return {
        ...state,
        meansChecks: state.meansChecks + 1,
        meansCheckIncomeFen: event.data.findings.monthlyIncomeFen,
        investigationStartedOn: earliest(state.investigationStartedOn, event.data.requestedOn),
      };
    case 'HomeVisitRecorded': {
      const d = event.data;
      return {
        ...state,
        visits: [...state.visits, { visitId: d.visitId, visitedOn: d.visitedOn, byCounty: d.byCounty, round: d.round }],
        investigationStartedOn: earliest(state.investigationStartedOn, d.visitedOn),
      };
    }
    case 'PreliminaryOpinionGiven': {
      const d = event.data;
      return {
        ...state,
        status: 'opinion-given',
        opinion: {
          round: d.round,
          givenOn: d.givenOn,
          opinion: d.opinion,
          assessment: d.assessment,
          proposal: d.proposal,
        },
      };
    }
    case 'PublicityStarted': {
      const d = event.data;
      return { ...state, status: 'in-publicity', publicity: { round: d.round, from: d.from, until: d.until } };
    }
    case 'ObjectionRecorded':
      return {
        ...state,
        status: 'accepted',
        round: state.round + 1,
        opinion: null,
        publicity: null,
        objections: state.objections + 1,
        opinionDueBy: event.data.opinionDueBy,
      };
    case 'ComplaintRecorded':
      return {
        ...state,
        complaints: state.complaints + 1,
        countyVisitRequirements: [
          ...state.countyVisitRequirements,
          { ground: 'complaint', since: event.data.receivedOn },
        ],
      };
    case 'SubmittedForCountyConfirmation': {
      const d = event.data;
      return {
        ...state,
        status: 'awaiting-county-confirmation',
        countyConfirmation: {
          submittedOn: d.submittedOn,
          recommendation: d.recommendation,
          dueBy: d.confirmationDueBy,
        },
      };
    }
    case 'CaseApproved': {
      const d = event.data;
      return startManagement(
        {
          ...state,
          status: 'approved',
          decision: {
            outcome: 'approved',
            decidedOn: d.decidedOn,
            decidedBy: d.decidedBy,
            award: d.award,
            reasons: [],
          },
        },
        d,
      );
    }
    case 'CaseRejected': {
      const d = event.data;
      return {
        ...state,
        status: 'rejected',
        decision: {
          outcome: 'rejected',
          decidedOn: d.decidedOn,
          decidedBy: d.decidedBy,
          award: null,
          reasons: d.reasons,
        },
        rejectionNotice: { dueBy: d.noticeDueBy, sentOn: null, late: null },
      };
    }
    case 'RejectionNoticeSent':
      return {
        ...state,
        rejectionNotice: { dueBy: event.data.dueBy, sentOn: event.data.sentOn, late: event.data.late },
      };
    case 'DeadlineExtended':
      return {
        ...state,
        deadline: { dueBy: event.data.newDueBy, totalWorkingDays: event.data.totalWorkingDays, extended: true },
      };
    case 'EmergencyAssistanceGranted': {
      const d = event.data;
      return {
        ...state,
        status: 'emergency-granted',
        round: Math.max(state.round, 1),
        emergency: {
          grantedOn: d.grantedOn,
          amountFen: d.amountFen,
          decidedBy: d.decidedBy,
          paperworkDueBy: d.paperworkDueBy,
          completedOn: null,
        },
      };
    }
    case 'EmergencyPaperworkCompleted':
      return {
        ...state,
        status: 'emergency-completed',
        emergency: state.emergency && { ...state.emergency, completedOn: event.data.completedOn },
      };
    case 'CaseClassified':
    case 'ReviewRecorded':
    case 'HouseholdChangeReported':
    case 'AmountChanged':
    case 'GradualExitStarted':
    case 'JobOfferRefused':
    case 'JobOfferAccepted':
    case 'MemberShareStopped':
    case 'CaseSuspended':
    case 'CaseResumed':
    case 'TerminationPublicityStarted':
    case 'TerminationObjectionRecorded':
    case 'TerminationWithdrawn':
    case 'CaseTerminated':
    case 'MemberDied':
      return evolveManagement(state, event);
    case 'PaymentScheduled':
    case 'PaymentRefused':
    case 'PaymentSettled':
    case 'PaymentFailed':
    case 'PaymentReturned':
    case 'PaymentCancelled':
    case 'PaymentReissued':
    case 'RecoveryOrdered':
    case 'RepaymentRecorded':
    case 'FraudFineImposed':
      return evolvePayments(state, event);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

function earliest(current: string | null, date: string): string {
  return current === null || date < current ? date : current;
}
