import { DomainError } from '@app/ledger/domain';
import { assessIncome, monthlyAward } from './case.amount';
import type { GivePreliminaryOpinion, RecordHomeVisit, RecordMeansCheck } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import type { CaseEvent } from './case.events';
import {
  authorize,
  COUNTY_REVIEWER,
  requireCase,
  requireJurisdiction,
  requireRole,
  requireStatus,
  todayOf,
  TOWNSHIP_STAFF,
  TOWNSHIP_STAFF_OR_COUNTY,
} from './case.guards';
import type { CaseState } from './case.state';
import type { Proposal } from './case.values';
import {
  requireArray,
  requireBoolean,
  requireCount,
  requireFen,
  requireId,
  requireIncome,
  requireObject,
  requireOneOf,
  requirePastDate,
  requireStandard,
  requireText,
} from './case.validation';

/** 调查 and 初审: the means check, home visits and the preliminary opinion. */

export function recordMeansCheck(command: RecordMeansCheck, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'record a means-check report');
  requireStatus(state, ['accepted', 'emergency-granted'], 'record a means-check report');
  const d = command.data;
  const today = todayOf(command);
  const requestedOn = requirePastDate(d.requestedOn, 'requestedOn', today);
  const reportedOn = requirePastDate(d.reportedOn, 'reportedOn', today);
  notBefore(requestedOn, investigationOpenedOn(state), 'requestedOn');
  if (reportedOn < requestedOn) {
    throw DomainError.invalid('reportedOn', `reportedOn ${reportedOn} is before requestedOn ${requestedOn}`);
  }
  const f = requireObject(d.findings, 'findings');
  return [
    {
      type: 'MeansCheckReported',
      data: {
        caseId: state.caseId as string,
        reportRef: requireText(d.reportRef, 'reportRef', 100),
        requestedOn,
        reportedOn,
        sourcesChecked: requireArray(d.sourcesChecked, 'sourcesChecked', { nonEmpty: true }).map((s, i) =>
          requireText(s, `sourcesChecked[${i}]`, 100),
        ),
        findings: {
          monthlyIncomeFen: requireIncome(f.monthlyIncomeFen, 'findings.monthlyIncomeFen'),
          financialAssetsFen: requireFen(f.financialAssetsFen, 'findings.financialAssetsFen'),
          vehicles: requireCount(f.vehicles, 'findings.vehicles'),
          realEstateUnits: requireCount(f.realEstateUnits, 'findings.realEstateUnits'),
          businessRegistrations: requireCount(f.businessRegistrations, 'findings.businessRegistrations'),
          publicPayrollJob: requireBoolean(f.publicPayrollJob, 'findings.publicPayrollJob'),
          incomeOverLimit: requireBoolean(f.incomeOverLimit, 'findings.incomeOverLimit'),
        },
      },
    },
  ];
}

/**
 * 入户调查 by at least two staff. Township visits belong to the investigation; county visits
 * (required for near-relative cases and complaints) may also come while the decision is pending.
 */
export function recordHomeVisit(command: RecordHomeVisit, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  const townshipCode = requireCase(command, state);
  const d = command.data;
  const byCounty = requireBoolean(d.byCounty, 'byCounty');
  requireRole(
    command,
    byCounty ? COUNTY_REVIEWER : TOWNSHIP_STAFF,
    byCounty ? 'record a county home visit' : 'record a township home visit',
  );
  requireJurisdiction(command, townshipCode);
  requireStatus(
    state,
    byCounty
      ? ['accepted', 'opinion-given', 'in-publicity', 'awaiting-county-confirmation', 'emergency-granted']
      : ['accepted', 'emergency-granted'],
    'record a home visit',
  );
  const visitId = requireId(d.visitId, 'visitId');
  if (state.visits.some((v) => v.visitId === visitId)) {
    throw DomainError.conflict('visit-already-recorded', `visit ${visitId} is already recorded`);
  }
  const today = todayOf(command);
  const visitedOn = requirePastDate(d.visitedOn, 'visitedOn', today);
  notBefore(visitedOn, investigationOpenedOn(state), 'visitedOn');
  const investigatorIds = requireArray(d.investigatorIds, 'investigatorIds').map((id, i) =>
    requireId(id, `investigatorIds[${i}]`),
  );
  const distinct = new Set(investigatorIds);
  if (distinct.size < deps.policy.minInvestigators) {
    throw DomainError.invalid(
      'investigatorIds',
      `a home visit needs at least ${deps.policy.minInvestigators} different staff, not ${distinct.size}`,
    );
  }
  return [
    {
      type: 'HomeVisitRecorded',
      data: {
        caseId: state.caseId as string,
        visitId,
        visitedOn,
        investigatorIds: [...distinct],
        byCounty,
        mode: requireOneOf(d.mode, ['in-person', 'remote'] as const, 'mode'),
        findings: requireText(d.findings, 'findings'),
        round: state.round,
      },
    },
  ];
}

/** 初审: needs a means-check report and a home visit of the current round. */
export function givePreliminaryOpinion(
  command: GivePreliminaryOpinion,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'give the preliminary opinion');
  requireStatus(state, ['accepted'], 'give the preliminary opinion');
  if (state.meansChecks === 0) {
    throw DomainError.conflict(
      'means-check-missing',
      'the preliminary opinion needs the means-check report (核对报告)',
    );
  }
  if (!state.visits.some((v) => v.round === state.round)) {
    throw DomainError.conflict(
      'home-visit-missing',
      `the preliminary opinion needs a home visit of investigation round ${state.round}`,
      {
        round: state.round,
      },
    );
  }
  const d = command.data;
  const today = todayOf(command);
  const programme = state.programme as NonNullable<CaseState['programme']>;
  const opinion = requireOneOf(d.opinion, ['eligible', 'ineligible'] as const, 'opinion');
  const reasons =
    opinion === 'ineligible' || d.reasons !== undefined
      ? requireArray(d.reasons, 'reasons', { nonEmpty: opinion === 'ineligible' }).map((r, i) =>
          requireText(r, `reasons[${i}]`),
        )
      : [];
  const income =
    d.assessedMonthlyIncomeFen === undefined
      ? { ...state.declaredIncomeFen, ...(state.meansCheckIncomeFen ?? {}) }
      : requireIncome(d.assessedMonthlyIncomeFen, 'assessedMonthlyIncomeFen');
  const deducted =
    d.deductibleExpenditureFen === undefined ? 0 : requireFen(d.deductibleExpenditureFen, 'deductibleExpenditureFen');
  const assessment = assessIncome(income, state.memberCount, deps.policy, deducted);

  let proposal: Proposal | null = null;
  if (opinion === 'ineligible') {
    proposal = null;
  } else if (programme === 'temporary') {
    if (d.standard !== undefined) {
      throw DomainError.invalid('standard', 'a 临时救助 amount is proposed, not computed from a standard');
    }
    proposal = { kind: 'one-off', amountFen: requireFen(d.proposedAmountFen, 'proposedAmountFen', { positive: true }) };
  } else {
    if (d.proposedAmountFen !== undefined) {
      throw DomainError.invalid('proposedAmountFen', 'a 低保 or 特困 amount is computed from the case, not proposed');
    }
    const standard = requireStandard(d.standard, 'standard', programme, today);
    const { monthlyAmountFen } = monthlyAward(programme, standard.monthlyFen, assessment);
    if (monthlyAmountFen <= 0) {
      throw incomeNotBelowStandard(assessment.countedIncomeFen, standard.monthlyFen, state.memberCount);
    }
    proposal = { kind: 'monthly', monthlyAmountFen, standard };
  }
  return [
    {
      type: 'PreliminaryOpinionGiven',
      data: {
        caseId: state.caseId as string,
        round: state.round,
        givenOn: today,
        opinion,
        reasons,
        assessment,
        proposal,
      },
    },
  ];
}

export function incomeNotBelowStandard(countedIncomeFen: number, standardFen: number, members: number): DomainError {
  return DomainError.conflict(
    'income-not-below-standard',
    `the household's counted income (${countedIncomeFen} 分) is not below the standard for ${members} (${standardFen * members} 分)`,
    { countedIncomeFen, standardFen, memberCount: members },
  );
}

function investigationOpenedOn(state: CaseState): string {
  return state.acceptedOn ?? (state.submittedOn as string);
}

function notBefore(date: string, earliest: string, field: string): void {
  if (date < earliest) throw DomainError.invalid(field, `${field} ${date} is before the case was opened (${earliest})`);
}
