import type { CaseApproved } from './case-decision.events';
import type { ManagementEvent } from './case-management.events';
import type { AmountDecision, MemberRecord } from './case-management.state';
import type { CaseState } from './case.state';
import type { IncomeAssessment } from './case.values';

/** Folds a management event into the case; total over ManagementEvent, never refuses. */
export function evolveManagement(state: CaseState, event: ManagementEvent): CaseState {
  switch (event.type) {
    case 'CaseClassified': {
      const review = state.review;
      if (review === null) return state;
      const { reviewClass, nextReviewDueBy } = event.data;
      return { ...state, review: { ...review, reviewClass, nextDueBy: nextReviewDueBy } };
    }
    case 'ReviewRecorded': {
      const review = state.review;
      if (review === null) return state;
      return {
        ...state,
        review: {
          ...review,
          lastReviewedOn: event.data.reviewedOn,
          nextDueBy: event.data.nextDueBy,
          reviews: review.reviews + 1,
        },
      };
    }
    case 'HouseholdChangeReported': {
      const d = event.data;
      const left = new Map(d.membersLeft.map((m) => [m.memberIndex, m.leftOn]));
      const members: MemberRecord[] = state.members.map((m, i) =>
        left.has(i) ? { ...m, leftOn: left.get(i) ?? null } : m,
      );
      for (const joined of d.membersJoined) members.push(newMember(joined.relation, d.reportedOn));
      return {
        ...state,
        members,
        personal: {
          ...state.personal,
          memberIdNumbers: [...state.personal.memberIdNumbers, ...d.personal.membersJoined.map((p) => p.idNumber)],
        },
        reportedIncomeFen: d.monthlyIncomeFen ?? state.reportedIncomeFen,
      };
    }
    case 'AmountChanged': {
      const d = event.data;
      return withDecision(state, {
        kind: 'amount-changed',
        from: d.from,
        decidedOn: d.decidedOn,
        monthlyAmountFen: d.monthlyAmountFen,
        standard: d.basis.standard,
        assessment: d.basis.assessment,
        countedMembers: d.basis.countedMembers,
        stoppedMembers: d.basis.stoppedMembers,
        gradualExitUntil: null,
        shareStopsBefore: state.shareStops.length,
      });
    }
    case 'GradualExitStarted': {
      const d = event.data;
      return withDecision(state, {
        kind: 'gradual-exit',
        from: d.from,
        decidedOn: d.decidedOn,
        monthlyAmountFen: d.monthlyAmountFen,
        standard: d.standard,
        assessment: d.assessment,
        countedMembers: d.basis.countedMembers,
        stoppedMembers: d.basis.stoppedMembers,
        gradualExitUntil: d.until,
        shareStopsBefore: state.shareStops.length,
      });
    }
    case 'JobOfferRefused':
      return withMember(state, event.data.memberIndex, (m) => ({
        ...m,
        refusedOffers: event.data.consecutiveRefusals,
      }));
    case 'JobOfferAccepted':
      return withMember(state, event.data.memberIndex, (m) => ({ ...m, refusedOffers: 0, shareStoppedFrom: null }));
    case 'MemberShareStopped': {
      const { memberIndex, from } = event.data;
      return {
        ...withMember(state, memberIndex, (m) => ({ ...m, shareStoppedFrom: from })),
        shareStops: [...state.shareStops, { memberIndex, from }],
      };
    }
    case 'CaseSuspended':
      return {
        ...state,
        status: 'suspended',
        suspensions: [
          ...state.suspensions,
          { suspendedOn: event.data.suspendedOn, fromMonth: event.data.fromMonth, resumedFrom: null },
        ],
      };
    case 'CaseResumed':
      return {
        ...state,
        status: 'approved',
        suspensions: state.suspensions.map((s) =>
          s.resumedFrom === null ? { ...s, resumedFrom: event.data.fromMonth } : s,
        ),
      };
    case 'TerminationPublicityStarted': {
      const d = event.data;
      return {
        ...state,
        terminationProcedure: { ground: d.ground, reasons: d.reasons, from: d.from, until: d.until, objection: null },
      };
    }
    case 'TerminationObjectionRecorded': {
      const procedure = state.terminationProcedure;
      if (procedure === null) return state;
      const objection = { receivedOn: event.data.receivedOn, decideBy: event.data.decideBy };
      return { ...state, terminationProcedure: { ...procedure, objection } };
    }
    case 'TerminationWithdrawn':
      return { ...state, terminationProcedure: null };
    case 'CaseTerminated': {
      const d = event.data;
      return {
        ...state,
        status: 'terminated',
        terminationProcedure: null,
        termination: {
          terminatedOn: d.decidedOn,
          effectiveFrom: d.effectiveFrom,
          ground: d.ground,
          decidedBy: d.decidedBy,
        },
      };
    }
    case 'MemberDied':
      return withMember(state, event.data.memberIndex, (m) => ({ ...m, diedOn: event.data.diedOn }));
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

export function newMember(relation: MemberRecord['relation'], joinedOn: string | null): MemberRecord {
  return { relation, joinedOn, leftOn: null, diedOn: null, refusedOffers: 0, shareStoppedFrom: null };
}

/** A new decision on the amount; the reported income is now taken into account. */
function withDecision(state: CaseState, decision: AmountDecision): CaseState {
  const amounts = [...state.amounts, decision].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { ...state, amounts, reportedIncomeFen: null };
}

function withMember(state: CaseState, index: number, change: (m: MemberRecord) => MemberRecord): CaseState {
  return { ...state, members: state.members.map((m, i) => (i === index ? change(m) : m)) };
}

/**
 * An approved monthly award opens the case's management: the award is the first decision on the
 * amount, counting every member present, and the first review is counted from the approval.
 */
export function startManagement(state: CaseState, approved: CaseApproved['data']): CaseState {
  const award = approved.award;
  if (award.kind !== 'monthly') return state;
  const calculation = award.calculation;
  const assessment: IncomeAssessment = state.opinion?.assessment ?? {
    memberCount: calculation.method === 'gap' ? calculation.memberCount : calculation.persons,
    monthlyIncomeFen: {},
    countedIncomeFen: calculation.method === 'gap' ? calculation.countedIncomeFen : 0,
    excludedIncomeFen: 0,
    excludedCategories: [],
    deductedExpenditureFen: calculation.method === 'gap' ? calculation.deductedExpenditureFen : 0,
  };
  const present = state.members.flatMap((m, i) => (m.leftOn === null && m.diedOn === null ? [i] : []));
  return {
    ...state,
    amounts: [
      {
        kind: 'award',
        from: award.payableFrom,
        decidedOn: approved.decidedOn,
        monthlyAmountFen: award.monthlyAmountFen,
        standard: award.standard,
        assessment,
        countedMembers: present,
        stoppedMembers: [],
        gradualExitUntil: null,
        shareStopsBefore: state.shareStops.length,
      },
    ],
    review: { reviewClass: null, approvedOn: approved.decidedOn, lastReviewedOn: null, nextDueBy: null, reviews: 0 },
  };
}
