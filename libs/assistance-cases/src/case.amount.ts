import { type CasePolicy, INCOME_CATEGORIES, type IncomeCategory } from './case.policy';
import type { AwardCalculation, IncomeAssessment, IncomeByCategory } from './case.values';

/**
 * The means test and the amount formulas, in whole 分.
 *
 * 补差 (低保 Art. 23): monthly amount = (standard − per-capita counted income) × members. Since
 * per-capita income is the counted total divided by the members, the product is exactly
 * standard × members − counted total: no per-capita rounding ever enters the amount.
 */

/** Counted and not-counted income of a household under the policy's exclusions. */
export function assessIncome(
  monthlyIncomeFen: IncomeByCategory,
  memberCount: number,
  policy: Pick<CasePolicy, 'excludedIncomeCategories'>,
  deductedExpenditureFen = 0,
): IncomeAssessment {
  const excluded = new Set<IncomeCategory>(policy.excludedIncomeCategories);
  let counted = 0;
  let notCounted = 0;
  const income: Partial<Record<IncomeCategory, number>> = {};
  for (const category of INCOME_CATEGORIES) {
    const fen = monthlyIncomeFen[category] ?? 0;
    if (fen === 0) continue;
    income[category] = fen;
    if (excluded.has(category)) notCounted += fen;
    else counted += fen;
  }
  return {
    memberCount,
    monthlyIncomeFen: income,
    countedIncomeFen: counted,
    excludedIncomeFen: notCounted,
    excludedCategories: INCOME_CATEGORIES.filter((c) => excluded.has(c) && (income[c] ?? 0) > 0),
    deductedExpenditureFen,
  };
}

/** Counted income after the allowed deduction of rigid expenditure, never below zero. */
export function netCountedIncomeFen(assessment: IncomeAssessment): number {
  return Math.max(0, assessment.countedIncomeFen - assessment.deductedExpenditureFen);
}

/** 低保 补差; 0 when the household's per-capita income reaches the standard. */
export function dibaoMonthlyAmountFen(standardFen: number, assessment: IncomeAssessment): number {
  return Math.max(0, standardFen * assessment.memberCount - netCountedIncomeFen(assessment));
}

/** 特困: the basic living standard for each supported person. */
export function tekunMonthlyAmountFen(standardFen: number, persons: number): number {
  return standardFen * persons;
}

/**
 * The household's amount once members' own shares are stopped (低保 Art. 34). The stopped members
 * stay in the household: their income still counts and the per-capita gap is still computed over
 * all n members; only their part of it, gap / n each, is no longer paid. Rounded down to the 分, so
 * that a stop never pays more than the unrounded share. 特困 is paid per person.
 */
export function householdAmountFen(
  programme: 'dibao' | 'tekun',
  standardFen: number,
  netCountedIncomeFen: number,
  memberCount: number,
  stoppedShares: number,
): number {
  if (memberCount <= 0) return 0;
  const paid = Math.max(0, memberCount - stoppedShares);
  if (programme === 'tekun') return standardFen * paid;
  const gap = Math.max(0, standardFen * memberCount - netCountedIncomeFen);
  return Math.floor((gap * paid) / memberCount);
}

/** The monthly amount and how it was reached, for a programme paid monthly. */
export function monthlyAward(
  programme: 'dibao' | 'tekun',
  standardFen: number,
  assessment: IncomeAssessment,
): { readonly monthlyAmountFen: number; readonly calculation: AwardCalculation } {
  if (programme === 'tekun') {
    const persons = assessment.memberCount;
    return {
      monthlyAmountFen: tekunMonthlyAmountFen(standardFen, persons),
      calculation: { method: 'tekun-basic-standard', standardFen, persons },
    };
  }
  return {
    monthlyAmountFen: dibaoMonthlyAmountFen(standardFen, assessment),
    calculation: {
      method: 'gap',
      standardFen,
      memberCount: assessment.memberCount,
      countedIncomeFen: assessment.countedIncomeFen,
      deductedExpenditureFen: assessment.deductedExpenditureFen,
    },
  };
}

export type IncomeBand = 'below-standard' | 'near-poverty' | 'above-near-poverty';

/**
 * Where a household's per-capita income lies against the 低保 standard: below it, below the
 * 低边 line (policy multiple, 1.5×), or above both. Compared on totals, so without rounding.
 */
export function incomeBand(
  assessment: IncomeAssessment,
  standardFen: number,
  policy: Pick<CasePolicy, 'nearPovertyMultiplier'>,
): IncomeBand {
  const income = netCountedIncomeFen(assessment);
  const line = standardFen * assessment.memberCount;
  if (income < line) return 'below-standard';
  // Basis points keep 1.5 × an odd 分 amount exact.
  const multiplierBp = Math.round(policy.nearPovertyMultiplier * 10_000);
  return income * 10_000 < line * multiplierBp ? 'near-poverty' : 'above-near-poverty';
}
