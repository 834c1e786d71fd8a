import { assertResidentId } from '@app/households';
import { DomainError } from '@app/ledger/domain';
import type { ClassifyCase, RecordReview, ReportHouseholdChange } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, DECIDERS, todayOf, TOWNSHIP_STAFF } from './case.guards';
import { REVIEW_CLASSES } from './case-management.policy';
import { reviewCadence, reviewDueBy, reviewDueFrom } from './case-management.queries';
import { requireManaged, requirePresentMember } from './case-management.validation';
import type { CaseState } from './case.state';
import { RELATIONS } from './case.values';
import {
  requireArray,
  requireCount,
  requireFen,
  requireId,
  requireIncome,
  requireObject,
  requireOneOf,
  requirePastDate,
  requireReasons,
  requireText,
} from './case.validation';

/** 定期核查 and reported changes (低保 Art. 30–31): what the township learns about the household. */

const IN_PAYMENT = ['approved', 'suspended'] as const;

/** The review class of a 低保 case; the next review is counted again from the last one (or approval). */
export function classifyCase(command: ClassifyCase, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, DECIDERS, 'classify a case for review');
  requireManaged(state, IN_PAYMENT, 'classify the case');
  if (state.programme === 'tekun') {
    throw DomainError.conflict('tekun-reviewed-yearly', '特困 cases are reviewed yearly and have no review class');
  }
  const reviewClass = requireOneOf(command.data.reviewClass, REVIEW_CLASSES, 'reviewClass');
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const review = state.review as NonNullable<CaseState['review']>;
  if (review.reviewClass === reviewClass) {
    throw DomainError.conflict('class-unchanged', `the case is already classified ${reviewClass}`);
  }
  return [
    {
      type: 'CaseClassified',
      data: {
        caseId: state.caseId as string,
        classifiedOn: todayOf(command),
        reviewClass,
        previousClass: review.reviewClass,
        reasons,
        classifiedBy: { officialId: command.metadata.actor.id, unit: command.metadata.actor.unit },
        nextReviewDueBy: reviewDueFrom(
          review.lastReviewedOn ?? review.approvedOn,
          deps.policy.reviewIntervalMonths[reviewClass],
        ),
      },
    },
  ];
}

export function recordReview(command: RecordReview, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record a periodic review');
  requireManaged(state, IN_PAYMENT, 'record a review');
  const d = command.data;
  const today = todayOf(command);
  const review = state.review as NonNullable<CaseState['review']>;
  const reviewedOn = requirePastDate(d.reviewedOn, 'reviewedOn', today);
  const earliest = review.lastReviewedOn ?? review.approvedOn;
  if (reviewedOn < earliest) {
    throw DomainError.invalid(
      'reviewedOn',
      `reviewedOn ${reviewedOn} is before the last review or approval (${earliest})`,
    );
  }
  const cadence = reviewCadence(state);
  const dueBy = reviewDueBy(state, deps.policy) as string;
  return [
    {
      type: 'ReviewRecorded',
      data: {
        caseId: state.caseId as string,
        reviewedOn,
        recordedOn: today,
        cadence,
        outcome: requireOneOf(d.outcome, ['unchanged', 'change-needed'] as const, 'outcome'),
        findings: requireText(d.findings, 'findings'),
        visitId: d.visitId === undefined ? null : requireId(d.visitId, 'visitId'),
        dueBy,
        late: reviewedOn > dueBy,
        nextDueBy: reviewDueFrom(reviewedOn, deps.policy.reviewIntervalMonths[cadence]),
      },
    },
  ];
}

/**
 * A change in members, income or assets. It changes nothing paid by itself: the approver decides
 * on the amount (ChangeAmount, StartGradualExit). Deaths come from civil registration instead.
 */
export function reportHouseholdChange(command: ReportHouseholdChange, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'report a household change');
  requireManaged(state, IN_PAYMENT, 'report a household change');
  const d = command.data;
  const today = todayOf(command);
  const reportedOn = requirePastDate(d.reportedOn, 'reportedOn', today);
  const known = new Set(state.personal.memberIdNumbers);
  const joined = (d.membersJoined === undefined ? [] : requireArray(d.membersJoined, 'membersJoined')).map((raw, i) => {
    const at = `membersJoined[${i}]`;
    const member = requireObject(raw, at);
    const relation = requireOneOf(member.relation, RELATIONS.filter((r) => r !== 'applicant'), `${at}.relation`);
    const personal = requireObject(member.personal, `${at}.personal`);
    const name = requireText(personal.name, `${at}.personal.name`, 100);
    const idNumber = assertResidentId(`${at}.personal.idNumber`, personal.idNumber, { asOf: today });
    if (known.has(idNumber)) {
      throw DomainError.invalid(`${at}.personal.idNumber`, `${at} is already a member of the household`);
    }
    known.add(idNumber);
    return { relation, name, idNumber };
  });
  const leaving = new Set<number>();
  const left = (d.membersLeft === undefined ? [] : requireArray(d.membersLeft, 'membersLeft')).map((raw, i) => {
    const at = `membersLeft[${i}]`;
    const member = requireObject(raw, at);
    requirePresentMember(state, member.memberIndex, `${at}.memberIndex`);
    const memberIndex = member.memberIndex as number;
    if (leaving.has(memberIndex)) {
      throw DomainError.invalid(`${at}.memberIndex`, `member ${memberIndex} is listed twice`);
    }
    leaving.add(memberIndex);
    return {
      memberIndex,
      leftOn: requirePastDate(member.leftOn, `${at}.leftOn`, today),
      reason: requireText(member.reason, `${at}.reason`, 500),
    };
  });
  const assets = d.assets === undefined ? null : requireObject(d.assets, 'assets');
  return [
    {
      type: 'HouseholdChangeReported',
      data: {
        caseId: state.caseId as string,
        reportedOn,
        recordedOn: today,
        source: requireOneOf(d.source, ['household', 'staff', 'data-check'] as const, 'source'),
        summary: requireText(d.summary, 'summary'),
        membersJoined: joined.map((m, i) => ({ memberIndex: state.members.length + i, relation: m.relation })),
        membersLeft: left,
        monthlyIncomeFen:
          d.monthlyIncomeFen === undefined ? null : requireIncome(d.monthlyIncomeFen, 'monthlyIncomeFen'),
        assets:
          assets === null
            ? null
            : {
                financialFen: requireFen(assets.financialFen, 'assets.financialFen'),
                vehicles: requireCount(assets.vehicles, 'assets.vehicles'),
                realEstateUnits: requireCount(assets.realEstateUnits, 'assets.realEstateUnits'),
              },
        personal: { membersJoined: joined.map(({ name, idNumber }) => ({ name, idNumber })) },
      },
    },
  ];
}
