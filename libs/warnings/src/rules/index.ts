import { createWorkingCalendar, type WorkingCalendar } from '@app/calendar';
import { type CasePolicy, DEFAULT_CASE_POLICY } from '@app/assistance-cases/case.policy';
import type { DelegationPolicy } from '@app/delegation/delegation.policy';
import { AMOUNT_MISMATCH, amountMismatchRule } from './amount-mismatch.rule';
import { DEADLINE_OVERDUE, deadlineOverdueRule } from './deadline-overdue.rule';
import { DECISION_AUTHORITY, decisionAuthorityRule } from './decision-authority.rule';
import { DUPLICATE_ENROLMENT, duplicateEnrolmentRule } from './duplicate-enrolment.rule';
import { type IntegrityRule, type Severity, SEVERITIES } from './integrity-rule';
import {
  DEFAULT_MEANS_CHECK_LIMITS,
  MEANS_CHECK_IGNORED,
  type MeansCheckLimits,
  meansCheckIgnoredRule,
} from './means-check-ignored.rule';
import { NEAR_RELATIVE_CONFLICT, nearRelativeConflictRule } from './near-relative-conflict.rule';
import { PAYMENT_AFTER_DEATH, paymentAfterDeathRule } from './payment-after-death.rule';
import { PAYMENT_ON_HELD_CASE, paymentOnHeldCaseRule } from './payment-on-held-case.rule';
import { PUBLICITY_MISSING, publicityMissingRule } from './publicity-missing.rule';
import { RECTIFICATION_OVERDUE, rectificationOverdueRule } from './rectification-overdue.rule';
import { SHARED_BANK_ACCOUNT, sharedBankAccountRule } from './shared-bank-account.rule';

export * from './integrity-rule';
export * from './amount-mismatch.rule';
export * from './deadline-overdue.rule';
export * from './decision-authority.rule';
export * from './duplicate-enrolment.rule';
export * from './means-check-ignored.rule';
export * from './near-relative-conflict.rule';
export * from './payment-after-death.rule';
export * from './payment-on-held-case.rule';
export * from './publicity-missing.rule';
export * from './rectification-overdue.rule';
export * from './shared-bank-account.rule';

/** The ten rules of issue 7, in its order, then issue 8's rectification-overdue. Stable: each id is part of every warning id it raises. */
export const RULE_IDS = Object.freeze([
  PAYMENT_AFTER_DEATH,
  PAYMENT_ON_HELD_CASE,
  DUPLICATE_ENROLMENT,
  SHARED_BANK_ACCOUNT,
  NEAR_RELATIVE_CONFLICT,
  DECISION_AUTHORITY,
  PUBLICITY_MISSING,
  DEADLINE_OVERDUE,
  AMOUNT_MISMATCH,
  MEANS_CHECK_IGNORED,
  RECTIFICATION_OVERDUE,
] as const);

export type RuleId = (typeof RULE_IDS)[number];

export interface IntegrityRulesOptions {
  /** Working days for deadlines; default: the State Council notices the calendar library ships. */
  readonly calendar?: WorkingCalendar;
  /** The case context's policy (publicity days, deadlines, review cadence, price subsidy). */
  readonly casePolicy?: CasePolicy;
  /** The delegation context's policy, for folding delegation registers. */
  readonly delegationPolicy?: DelegationPolicy;
  /** Means-check thresholds (local settings); missing fields take the defaults. */
  readonly meansCheckLimits?: Partial<MeansCheckLimits>;
  /** Amount differences up to this many 分 are not reported; default 0 (amounts are exact). */
  readonly amountToleranceFen?: number;
  /** Programmes whose duplicate enrolment is a finding; default the monthly ones, 低保 and 特困. */
  readonly duplicateProgrammes?: readonly ('dibao' | 'tekun')[];
  /** Whether a decision by an official absent from the officials register is a finding; default no. */
  readonly flagUnregisteredOfficials?: boolean;
  /** Default severity per rule, replacing the rule's own. */
  readonly severities?: Partial<Record<RuleId, Severity>>;
  /** Rules not to run. */
  readonly disabled?: readonly RuleId[];
}

/** The rules the engine runs, configured and validated once; throws RangeError on a bad option. */
export function createIntegrityRules(options: IntegrityRulesOptions = {}): IntegrityRule[] {
  const calendar = options.calendar ?? createWorkingCalendar();
  const policy = options.casePolicy ?? DEFAULT_CASE_POLICY;
  const limits: MeansCheckLimits = Object.freeze({
    ...DEFAULT_MEANS_CHECK_LIMITS,
    ...(options.meansCheckLimits ?? {}),
  });
  validate(options, limits);
  const severity = (id: RuleId): Severity | undefined => options.severities?.[id];
  const rules: Record<RuleId, () => IntegrityRule> = {
    [PAYMENT_AFTER_DEATH]: () => paymentAfterDeathRule(severity(PAYMENT_AFTER_DEATH)),
    [PAYMENT_ON_HELD_CASE]: () => paymentOnHeldCaseRule(severity(PAYMENT_ON_HELD_CASE)),
    [DUPLICATE_ENROLMENT]: () => duplicateEnrolmentRule(severity(DUPLICATE_ENROLMENT), options.duplicateProgrammes),
    [SHARED_BANK_ACCOUNT]: () => sharedBankAccountRule(severity(SHARED_BANK_ACCOUNT)),
    [NEAR_RELATIVE_CONFLICT]: () => nearRelativeConflictRule(severity(NEAR_RELATIVE_CONFLICT)),
    [DECISION_AUTHORITY]: () =>
      decisionAuthorityRule({
        severity: severity(DECISION_AUTHORITY),
        delegationPolicy: options.delegationPolicy,
        flagUnregisteredOfficials: options.flagUnregisteredOfficials,
      }),
    [PUBLICITY_MISSING]: () => publicityMissingRule(policy, severity(PUBLICITY_MISSING)),
    [DEADLINE_OVERDUE]: () => deadlineOverdueRule({ calendar, policy, severity: severity(DEADLINE_OVERDUE) }),
    [AMOUNT_MISMATCH]: () =>
      amountMismatchRule({ policy, toleranceFen: options.amountToleranceFen, severity: severity(AMOUNT_MISMATCH) }),
    [MEANS_CHECK_IGNORED]: () => meansCheckIgnoredRule(limits, severity(MEANS_CHECK_IGNORED)),
    [RECTIFICATION_OVERDUE]: () => rectificationOverdueRule(severity(RECTIFICATION_OVERDUE)),
  };
  const disabled = new Set(options.disabled ?? []);
  return RULE_IDS.filter((id) => !disabled.has(id)).map((id) => rules[id]());
}

const OPTION_KEYS: readonly (keyof IntegrityRulesOptions)[] = [
  'calendar',
  'casePolicy',
  'delegationPolicy',
  'meansCheckLimits',
  'amountToleranceFen',
  'duplicateProgrammes',
  'flagUnregisteredOfficials',
  'severities',
  'disabled',
];

/** Options may come from a configuration file: every key and value is checked, none ignored. */
function validate(options: IntegrityRulesOptions, limits: MeansCheckLimits): void {
  for (const key of Object.keys(options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) throw new RangeError(`unknown rules option ${key}`);
  }
  for (const key of Object.keys(limits)) {
    if (!(key in DEFAULT_MEANS_CHECK_LIMITS)) throw new RangeError(`meansCheckLimits: unknown limit ${key}`);
  }
  const count = (field: string, value: number | null, allowNull = false): void => {
    if (value === null && allowNull) return;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new RangeError(`${field} must be a whole number ≥ 0, not ${String(value)}`);
    }
  };
  count('meansCheckLimits.maxVehicles', limits.maxVehicles);
  count('meansCheckLimits.maxRealEstateUnits', limits.maxRealEstateUnits);
  count('meansCheckLimits.maxBusinessRegistrations', limits.maxBusinessRegistrations);
  count('meansCheckLimits.maxFinancialAssetsFen', limits.maxFinancialAssetsFen, true);
  count('amountToleranceFen', options.amountToleranceFen ?? 0);
  if (options.flagUnregisteredOfficials !== undefined && typeof options.flagUnregisteredOfficials !== 'boolean') {
    throw new RangeError('flagUnregisteredOfficials must be true or false');
  }
  for (const [id, value] of Object.entries(options.severities ?? {})) {
    if (!(RULE_IDS as readonly string[]).includes(id)) throw new RangeError(`severities: unknown rule ${id}`);
    if (!SEVERITIES.includes(value as Severity)) {
      throw new RangeError(`severities.${id}: unknown severity ${String(value)}`);
    }
  }
  for (const [field, list, allowed] of [
    ['disabled', options.disabled, RULE_IDS],
    ['duplicateProgrammes', options.duplicateProgrammes, ['dibao', 'tekun']],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new RangeError(`${field} must be a list`);
    for (const item of list) {
      if (!(allowed as readonly string[]).includes(item)) throw new RangeError(`${field}: unknown ${String(item)}`);
    }
  }
}
