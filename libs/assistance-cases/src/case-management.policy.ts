import { isYearMonth } from '@app/calendar';

/**
 * The numbers of a case after approval: reviews, 渐退期, job offers, termination objections,
 * payments, fines and the price subsidy. Defaults cite their source; local settings say so.
 */

/** 低保 review classes (低保 Art. 31): stable households yearly, the others half-yearly. */
export const REVIEW_CLASSES = ['stable', 'irregular-income', 'working-capable'] as const;
export type ReviewClass = (typeof REVIEW_CLASSES)[number];

/** The cadence a case is reviewed at: its 低保 class, 'tekun' for 特困, or 'unclassified'. */
export type ReviewCadence = ReviewClass | 'tekun' | 'unclassified';
const CADENCES: readonly ReviewCadence[] = [...REVIEW_CLASSES, 'tekun', 'unclassified'];

export interface TemporaryPriceTrigger {
  /** First and last month (inclusive) of the temporary triggers. */
  readonly from: string;
  readonly until: string;
  readonly cpiTrigger?: number;
  readonly foodCpiTrigger?: number;
}

/** 价格临时补贴 (发改价格〔2021〕1553号). Rates are fractions: 0.035 is 3.5 %. */
export interface PriceSubsidyPolicy {
  /** CPI year-on-year rise from which the subsidy is paid. */
  readonly cpiTrigger: number;
  /** Food CPI year-on-year rise from which the subsidy is paid. */
  readonly foodCpiTrigger: number;
  readonly temporaryTriggers: readonly TemporaryPriceTrigger[];
  /**
   * The rise the amount is computed with: 'cpi' always uses the CPI (低保标准 × CPI涨幅, the
   * typical formula), 'triggering-index' uses the food CPI when only the food CPI triggered.
   */
  readonly rateOf: 'cpi' | 'triggering-index';
  /** Smallest amount per person and month once triggered (e.g. Fujian 30 元); 0 for none. */
  readonly minimumFen: number;
  readonly programmes: readonly ('dibao' | 'tekun')[];
}

export interface ManagementPolicy {
  readonly reviewIntervalMonths: Readonly<Record<ReviewCadence, number>>;
  /** 渐退期 (低保 Art. 33): months the amount is kept after employment lifts income. */
  readonly gradualExitMonths: number;
  /** 低保 Art. 34: consecutive refusals of suitable job offers that stop the member's share. */
  readonly maxRefusedJobOffers: number;
  /** 特困 Art. 26: working days to decide an objection to a proposed termination. */
  readonly terminationObjectionWorkingDays: number;
  /** 暂行办法 Art. 68: the fine is 1 to 3 times the amount obtained. */
  readonly fraudFineMultiple: { readonly min: number; readonly max: number };
  /** How many months ahead of the current one a payment batch may be scheduled. */
  readonly paymentLeadMonths: number;
  readonly priceSubsidy: PriceSubsidyPolicy;
}

export interface ManagementPolicyOverrides {
  readonly reviewIntervalMonths?: Partial<Record<ReviewCadence, number>>;
  readonly gradualExitMonths?: number;
  readonly maxRefusedJobOffers?: number;
  readonly terminationObjectionWorkingDays?: number;
  readonly fraudFineMultiple?: { readonly min?: number; readonly max?: number };
  readonly paymentLeadMonths?: number;
  readonly priceSubsidy?: Partial<PriceSubsidyPolicy>;
}

export const MANAGEMENT_DEFAULTS: ManagementPolicy = {
  // 低保 Art. 31 and 2020 意见 §7 (特困 yearly). An unclassified 低保 case is reviewed at the
  // shorter cadence until it is classified (local choice: 应退尽退 errs towards checking).
  reviewIntervalMonths: { stable: 12, 'irregular-income': 6, 'working-capable': 6, tekun: 12, unclassified: 6 },
  // Local setting: no national duration; 6 months is the common local value.
  gradualExitMonths: 6,
  maxRefusedJobOffers: 3,
  terminationObjectionWorkingDays: 15,
  fraudFineMultiple: { min: 1, max: 3 },
  // Local setting: a batch may be prepared in the month before the one it pays.
  paymentLeadMonths: 1,
  priceSubsidy: {
    cpiTrigger: 0.035,
    foodCpiTrigger: 0.06,
    // The CPI trigger was lowered to 3.0 % for September 2022 to March 2023.
    temporaryTriggers: [{ from: '2022-09', until: '2023-03', cpiTrigger: 0.03 }],
    rateOf: 'cpi',
    minimumFen: 0,
    programmes: ['dibao', 'tekun'],
  },
};

/** The management part of the case policy, validated and frozen; throws RangeError. */
export function createManagementPolicy(overrides: ManagementPolicyOverrides = {}): ManagementPolicy {
  const intervals = { ...MANAGEMENT_DEFAULTS.reviewIntervalMonths, ...(overrides.reviewIntervalMonths ?? {}) };
  for (const key of Object.keys(intervals)) {
    if (!(CADENCES as readonly string[]).includes(key)) throw new RangeError(`reviewIntervalMonths: unknown ${key}`);
    whole(`reviewIntervalMonths.${key}`, intervals[key as ReviewCadence], 1);
  }
  const fine = { ...MANAGEMENT_DEFAULTS.fraudFineMultiple, ...(overrides.fraudFineMultiple ?? {}) };
  // The law's bounds: a city may narrow them, never widen them.
  if (!(fine.min >= 1 && fine.min <= fine.max && fine.max <= 3)) {
    throw new RangeError(`fraudFineMultiple must satisfy 1 ≤ min ≤ max ≤ 3, not ${fine.min}..${fine.max}`);
  }
  const policy: ManagementPolicy = {
    reviewIntervalMonths: Object.freeze(intervals),
    gradualExitMonths: whole(
      'gradualExitMonths',
      overrides.gradualExitMonths ?? MANAGEMENT_DEFAULTS.gradualExitMonths,
      1,
    ),
    maxRefusedJobOffers: whole(
      'maxRefusedJobOffers',
      overrides.maxRefusedJobOffers ?? MANAGEMENT_DEFAULTS.maxRefusedJobOffers,
      1,
    ),
    terminationObjectionWorkingDays: whole(
      'terminationObjectionWorkingDays',
      overrides.terminationObjectionWorkingDays ?? MANAGEMENT_DEFAULTS.terminationObjectionWorkingDays,
      1,
    ),
    fraudFineMultiple: Object.freeze(fine),
    paymentLeadMonths: whole(
      'paymentLeadMonths',
      overrides.paymentLeadMonths ?? MANAGEMENT_DEFAULTS.paymentLeadMonths,
      0,
    ),
    priceSubsidy: priceSubsidyPolicy(overrides.priceSubsidy ?? {}),
  };
  return Object.freeze(policy);
}

function priceSubsidyPolicy(overrides: Partial<PriceSubsidyPolicy>): PriceSubsidyPolicy {
  const merged = { ...MANAGEMENT_DEFAULTS.priceSubsidy, ...overrides };
  rate('priceSubsidy.cpiTrigger', merged.cpiTrigger);
  rate('priceSubsidy.foodCpiTrigger', merged.foodCpiTrigger);
  merged.temporaryTriggers.forEach((t, i) => {
    const at = `priceSubsidy.temporaryTriggers[${i}]`;
    if (!isYearMonth(t.from) || !isYearMonth(t.until) || t.from > t.until) {
      throw new RangeError(`${at} needs months from ≤ until (YYYY-MM)`);
    }
    if (t.cpiTrigger !== undefined) rate(`${at}.cpiTrigger`, t.cpiTrigger);
    if (t.foodCpiTrigger !== undefined) rate(`${at}.foodCpiTrigger`, t.foodCpiTrigger);
  });
  if (merged.rateOf !== 'cpi' && merged.rateOf !== 'triggering-index') {
    throw new RangeError(`priceSubsidy.rateOf must be 'cpi' or 'triggering-index'`);
  }
  whole('priceSubsidy.minimumFen', merged.minimumFen, 0);
  for (const programme of merged.programmes) {
    if (programme !== 'dibao' && programme !== 'tekun') {
      throw new RangeError(`priceSubsidy.programmes: ${String(programme)} is not paid monthly`);
    }
  }
  return Object.freeze({
    ...merged,
    temporaryTriggers: Object.freeze(merged.temporaryTriggers.map((t) => Object.freeze({ ...t }))),
    programmes: Object.freeze([...new Set(merged.programmes)]),
  });
}

function whole(field: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${field} must be a whole number ≥ ${min}, not ${value}`);
  }
  return value;
}

function rate(field: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(`${field} must be a fraction between 0 and 1 (0.035 is 3.5 %), not ${value}`);
  }
}
