import {
  createManagementPolicy,
  MANAGEMENT_DEFAULTS,
  type ManagementPolicy,
  type ManagementPolicyOverrides,
} from './case-management.policy';

/**
 * The numbers of the case procedure. National rules are cited; local settings say so. Every value
 * is a default that configuration may override (createCasePolicy), validated once and frozen.
 */

/** 'dibao' 低保, 'tekun' 特困人员救助供养, 'temporary' 临时救助 (same names as the delegation context). */
export const PROGRAMMES = ['dibao', 'tekun', 'temporary'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export function isProgramme(value: unknown): value is Programme {
  return typeof value === 'string' && (PROGRAMMES as readonly string[]).includes(value);
}

/** 临时救助: 'emergency' 急难型 (pay first, paperwork after) or 'full' 支出型 (the whole procedure). */
export const TEMPORARY_TRACKS = ['emergency', 'full'] as const;
export type TemporaryTrack = (typeof TEMPORARY_TRACKS)[number];

/**
 * Monthly household income by source (《最低生活保障审核确认办法》Art. 12–14). The not-counted
 * sources are named separately so that a declaration shows them and the policy decides.
 */
export const INCOME_CATEGORIES = [
  'wages', // 工资性收入, after necessary employment costs
  'business', // 经营净收入
  'property', // 财产净收入
  'transfer', // 转移净收入: maintenance from dependants, compensation, gifts
  'pension', // 职工养老金 and other pensions (counted as transfer income)
  'unemployment-insurance', // 失业保险金
  'pension-basic', // 城乡居民基本养老保险基础养老金
  'preferential-pension', // 优待抚恤金
  'family-planning-reward', // 计划生育奖励与扶助金
  'scholarship', // 奖学金
  'good-samaritan-reward', // 见义勇为等奖励性补助
  'social-assistance', // 政府发放的各类社会救助款物
  'other',
] as const;
export type IncomeCategory = (typeof INCOME_CATEGORIES)[number];

export function isIncomeCategory(value: unknown): value is IncomeCategory {
  return typeof value === 'string' && (INCOME_CATEGORIES as readonly string[]).includes(value);
}

export interface ProgrammeDeadlines {
  /** Working days from acceptance to the decision. */
  readonly totalWorkingDays: number;
  /** The total after the one extension allowed. */
  readonly extendedTotalWorkingDays: number;
  /** Working days the county has for its confirmation once the file reaches it. */
  readonly countyConfirmationWorkingDays: number;
  /** Working days for the township's investigation and 初审, from acceptance or an objection. */
  readonly townshipOpinionWorkingDays: number | null;
}

export interface CasePolicy extends ManagementPolicy {
  /** Working days from acceptance within which the investigation starts (低保 Art. 15). */
  readonly investigationStartWorkingDays: number;
  /** Staff on a home visit (低保 Art. 16: 不少于2人). */
  readonly minInvestigators: number;
  /** Calendar days of 公示 (低保 Art. 19, 特困 Art. 15). */
  readonly publicityDays: number;
  /** Working days to send written reasons after a refusal (低保 Art. 21, 特困 Art. 18). */
  readonly rejectionNoticeWorkingDays: number;
  readonly deadlines: Readonly<Record<Programme, ProgrammeDeadlines>>;
  /** Working days to complete the paperwork after emergency assistance was paid first. */
  readonly emergencyPaperworkWorkingDays: number;
  /** Income sources not counted in the means test. */
  readonly excludedIncomeCategories: readonly IncomeCategory[];
  /** 低保边缘家庭: per-capita income below this multiple of the 低保 standard. */
  readonly nearPovertyMultiplier: number;
}

export interface CasePolicyOverrides extends ManagementPolicyOverrides {
  readonly investigationStartWorkingDays?: number;
  readonly minInvestigators?: number;
  readonly publicityDays?: number;
  readonly rejectionNoticeWorkingDays?: number;
  readonly deadlines?: { readonly [P in Programme]?: Partial<ProgrammeDeadlines> };
  readonly emergencyPaperworkWorkingDays?: number;
  readonly excludedIncomeCategories?: readonly IncomeCategory[];
  readonly nearPovertyMultiplier?: number;
}

const DEFAULTS: CasePolicy = {
  ...MANAGEMENT_DEFAULTS,
  investigationStartWorkingDays: 3,
  minInvestigators: 2,
  publicityDays: 7,
  rejectionNoticeWorkingDays: 3,
  deadlines: {
    // 低保 Art. 22: 30 working days from 受理, extendable to 45; Art. 20: county within 10.
    dibao: {
      totalWorkingDays: 30,
      extendedTotalWorkingDays: 45,
      countyConfirmationWorkingDays: 10,
      townshipOpinionWorkingDays: null,
    },
    // 特困 Art. 13 and 16: township 15 + county 15 working days. The national text sets no total;
    // 30 is their sum, and the extension to 45 follows 低保 (local setting).
    tekun: {
      totalWorkingDays: 30,
      extendedTotalWorkingDays: 45,
      countyConfirmationWorkingDays: 15,
      townshipOpinionWorkingDays: 15,
    },
    // Local setting: a published local timeline (受理 1 + 审核 9 + 公示 5 + 审批 5, total 15). No
    // source sets an extension; 30 is a local choice.
    temporary: {
      totalWorkingDays: 15,
      extendedTotalWorkingDays: 30,
      countyConfirmationWorkingDays: 5,
      townshipOpinionWorkingDays: null,
    },
  },
  // Local setting: no national period for 先行救助 paperwork; the 临时救助 total is used.
  emergencyPaperworkWorkingDays: 15,
  // 低保 Art. 13; 'pension-basic' during the 14th Five-Year Plan. Cities may add more.
  excludedIncomeCategories: [
    'pension-basic',
    'preferential-pension',
    'family-planning-reward',
    'scholarship',
    'good-samaritan-reward',
    'social-assistance',
  ],
  nearPovertyMultiplier: 1.5,
};

/** The policy with overrides applied, validated and frozen; throws RangeError on a bad value. */
export function createCasePolicy(overrides: CasePolicyOverrides = {}): CasePolicy {
  const deadlines = {} as Record<Programme, ProgrammeDeadlines>;
  for (const programme of PROGRAMMES) {
    const merged = { ...DEFAULTS.deadlines[programme], ...(overrides.deadlines?.[programme] ?? {}) };
    const at = `deadlines.${programme}`;
    positive(`${at}.totalWorkingDays`, merged.totalWorkingDays);
    positive(`${at}.extendedTotalWorkingDays`, merged.extendedTotalWorkingDays);
    positive(`${at}.countyConfirmationWorkingDays`, merged.countyConfirmationWorkingDays);
    if (merged.townshipOpinionWorkingDays !== null) {
      positive(`${at}.townshipOpinionWorkingDays`, merged.townshipOpinionWorkingDays);
    }
    if (merged.extendedTotalWorkingDays < merged.totalWorkingDays) {
      throw new RangeError(`${at}.extendedTotalWorkingDays must not be below totalWorkingDays`);
    }
    deadlines[programme] = Object.freeze(merged);
  }
  for (const programme of Object.keys(overrides.deadlines ?? {})) {
    if (!isProgramme(programme)) throw new RangeError(`deadlines: unknown programme ${programme}`);
  }
  const excluded = overrides.excludedIncomeCategories ?? DEFAULTS.excludedIncomeCategories;
  for (const category of excluded) {
    if (!isIncomeCategory(category)) {
      throw new RangeError(`excludedIncomeCategories: unknown category ${String(category)}`);
    }
  }
  const policy: CasePolicy = {
    ...createManagementPolicy(overrides),
    investigationStartWorkingDays: overrides.investigationStartWorkingDays ?? DEFAULTS.investigationStartWorkingDays,
    minInvestigators: overrides.minInvestigators ?? DEFAULTS.minInvestigators,
    publicityDays: overrides.publicityDays ?? DEFAULTS.publicityDays,
    rejectionNoticeWorkingDays: overrides.rejectionNoticeWorkingDays ?? DEFAULTS.rejectionNoticeWorkingDays,
    deadlines: Object.freeze(deadlines),
    emergencyPaperworkWorkingDays: overrides.emergencyPaperworkWorkingDays ?? DEFAULTS.emergencyPaperworkWorkingDays,
    excludedIncomeCategories: Object.freeze([...new Set(excluded)]),
    nearPovertyMultiplier: overrides.nearPovertyMultiplier ?? DEFAULTS.nearPovertyMultiplier,
  };
  positive('investigationStartWorkingDays', policy.investigationStartWorkingDays);
  positive('publicityDays', policy.publicityDays);
  positive('rejectionNoticeWorkingDays', policy.rejectionNoticeWorkingDays);
  positive('emergencyPaperworkWorkingDays', policy.emergencyPaperworkWorkingDays);
  // National floor: a city may ask for more visitors, never fewer than two.
  if (!Number.isSafeInteger(policy.minInvestigators) || policy.minInvestigators < 2) {
    throw new RangeError(`minInvestigators must be a whole number ≥ 2, not ${policy.minInvestigators}`);
  }
  if (!Number.isFinite(policy.nearPovertyMultiplier) || policy.nearPovertyMultiplier < 1) {
    throw new RangeError(`nearPovertyMultiplier must be ≥ 1, not ${policy.nearPovertyMultiplier}`);
  }
  return Object.freeze(policy);
}

function positive(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${field} must be a whole number ≥ 1, not ${value}`);
  }
}

export const DEFAULT_CASE_POLICY: CasePolicy = createCasePolicy();
