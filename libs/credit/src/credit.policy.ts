import {
  type Behaviour,
  type Grade,
  GRADES,
  type NegativeBehaviour,
  NEGATIVE_BEHAVIOURS,
  type PositiveBehaviour,
  POSITIVE_BEHAVIOURS,
  type Severity,
  SEVERITIES,
} from './credit.events';

/**
 * The credit evaluation policy: a versioned table. The behaviours and the law they cite are a
 * list fixed in code (清单管理: a sanction must cite law or central policy, 国办发〔2020〕49号);
 * the numbers are local policy and come from the policy file's `credit` section, which must then
 * name its own version so every evaluation says which table it used.
 */

export const CREDIT_PROGRAMMES = ['dibao', 'tekun', 'temporary'] as const;
export type CreditProgramme = (typeof CREDIT_PROGRAMMES)[number];

const CITE = {
  fraud: '《社会救助暂行办法》第六十八条：采取虚报、隐瞒、伪造等手段，骗取社会救助资金、物资或者服务的，由有关部门决定停止社会救助，责令退回非法获取的救助资金、物资，可以处非法获取的救助款额或者物资价值1倍以上3倍以下的罚款',
  report: '《最低生活保障审核确认办法》（民发〔2021〕57号）第三十条：低保家庭应当按规定定期报告家庭人口、收入和财产状况的变化情况',
  pledge: '《最低生活保障审核确认办法》：申请人应当如实提供材料、书面承诺所提供信息真实完整，并授权核对家庭经济状况',
  cooperate: '《最低生活保障审核确认办法》第二十九条：无正当理由拒不配合审核确认工作的，可以终止审核确认程序',
  sanctions: '国办发〔2020〕49号：失信惩戒应当依法依规、过惩相当，建立异议处理和信用修复机制',
  joint: '国发〔2016〕33号：建立完善守信联合激励和失信联合惩戒制度',
} as const;

export interface BehaviourRule {
  readonly label: string;
  readonly polarity: 'negative' | 'positive';
  /** The provisions every record of this behaviour cites. */
  readonly legalBasis: readonly string[];
  /** Negative only: the severity when the official names none, and the ones allowed. */
  readonly defaultSeverity: Severity | null;
  readonly severities: readonly Severity[];
  /** Negative only: positive conduct after the record that allows an early repair. */
  readonly repairConditions: readonly PositiveBehaviour[];
}

export interface SeverityRule {
  readonly grade: Grade;
  /** Months during which an application to a banned programme is refused; 0 = no ban. */
  readonly banMonths: number;
  /** Months after the record after which it may be repaired. */
  readonly repairAfterMonths: number;
  /** Months after which it may be repaired once its conditions are met (never before the ban ends). */
  readonly earlyRepairAfterMonths: number;
}

export interface IntakeRule {
  /** A county home visit (县级入户调查) before the case can be approved. */
  readonly countyHomeVisit: boolean;
}

export interface CreditPolicy {
  readonly version: string;
  readonly behaviours: Readonly<Record<Behaviour, BehaviourRule>>;
  readonly severities: Readonly<Record<Severity, SeverityRule>>;
  readonly intake: Readonly<Record<Grade, IntakeRule>>;
  /** The programmes a ban refuses applications to. */
  readonly banAppliesTo: readonly CreditProgramme[];
}

const negative = (
  label: string,
  legalBasis: readonly string[],
  defaultSeverity: Severity,
  severities: readonly Severity[],
  repairConditions: readonly PositiveBehaviour[],
): BehaviourRule => ({ label, polarity: 'negative', legalBasis, defaultSeverity, severities, repairConditions });

const positive = (label: string, legalBasis: readonly string[]): BehaviourRule => ({
  label,
  polarity: 'positive',
  legalBasis,
  defaultSeverity: null,
  severities: [],
  repairConditions: [],
});

export const DEFAULT_CREDIT_POLICY_VERSION = 'credit-default-2021.1';

/** The list of 仙桃 2019 (csci.org.cn) and the grades of 中山 2024 (zs.gov.cn), DOMAIN §6. */
const BEHAVIOUR_TABLE: Readonly<Record<Behaviour, BehaviourRule>> = {
  'forged-documents': negative('伪造证明材料或冒名顶替', [CITE.fraud, CITE.pledge], 'grave', ['serious', 'grave'], ['repayment']),
  'concealed-changes': negative(
    '隐瞒收入、财产或家庭人口变化继续享受救助',
    [CITE.report, CITE.fraud],
    'serious',
    SEVERITIES,
    ['repayment'],
  ),
  'concealed-death': negative('隐瞒救助对象死亡继续领取救助金', [CITE.fraud, CITE.report], 'grave', ['serious', 'grave'], ['repayment']),
  'false-report': negative(
    '虚报收入、财产、支出、健康、教育、婚姻或赡养能力等情况',
    [CITE.pledge, CITE.fraud],
    'serious',
    SEVERITIES,
    ['repayment'],
  ),
  'refused-check': negative('无正当理由拒不配合核查', [CITE.cooperate], 'general', ['general', 'serious'], ['cooperation']),
  'timely-self-report': positive('主动如实报告家庭变化', [CITE.report]),
  cooperation: positive('积极配合调查核查', [CITE.cooperate]),
  repayment: positive('主动退还多领救助金', [CITE.fraud]),
};

/**
 * No ban length was found in any source (DOMAIN §6: "some localities use 1–3 years" [MEM]): the
 * defaults below are this project's choice, the low end, and a setting. Only 严重失信 bans, since
 * a ban on subsistence aid must stay proportional (过惩相当).
 */
const DEFAULT_SEVERITIES: Readonly<Record<Severity, SeverityRule>> = {
  general: { grade: 'general', banMonths: 0, repairAfterMonths: 6, earlyRepairAfterMonths: 3 },
  serious: { grade: 'serious', banMonths: 0, repairAfterMonths: 12, earlyRepairAfterMonths: 6 },
  grave: { grade: 'grave', banMonths: 12, repairAfterMonths: 24, earlyRepairAfterMonths: 12 },
};

/** 中山 2024: lower grades mean "more/frequent checks": here a county visit from 较重 on. */
const DEFAULT_INTAKE: Readonly<Record<Grade, IntakeRule>> = {
  good: { countyHomeVisit: false },
  general: { countyHomeVisit: false },
  serious: { countyHomeVisit: true },
  grave: { countyHomeVisit: true },
};

/**
 * 临时救助 answers an emergency (急难型): refusing it for past conduct would not be proportional,
 * so by default a ban refuses 低保 and 特困 only.
 */
const DEFAULT_BAN_APPLIES_TO: readonly CreditProgramme[] = ['dibao', 'tekun'];

export interface CreditPolicyOverrides {
  readonly version?: string;
  readonly severities?: Partial<Record<Severity, Partial<SeverityRule>>>;
  readonly intake?: Partial<Record<Grade, Partial<IntakeRule>>>;
  readonly banAppliesTo?: readonly string[];
}

const wholeMonths = (value: unknown, name: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 120) {
    throw new RangeError(`${name} must be a whole number of months from 0 to 120, got ${String(value)}`);
  }
  return value;
};

/** The policy with defaults, validated and frozen; throws RangeError naming a bad override. */
export function createCreditPolicy(overrides: CreditPolicyOverrides = {}): CreditPolicy {
  const changes = Object.keys(overrides).filter((key) => key !== 'version');
  if (changes.length > 0 && (typeof overrides.version !== 'string' || overrides.version === DEFAULT_CREDIT_POLICY_VERSION)) {
    throw new RangeError(`version: a policy that changes ${changes.join(', ')} must name its own version`);
  }
  const version = overrides.version ?? DEFAULT_CREDIT_POLICY_VERSION;
  if (typeof version !== 'string' || !/^[\w.:-]{1,64}$/.test(version)) throw new RangeError('version must be 1–64 of [A-Za-z0-9_.:-]');

  const severities = { ...DEFAULT_SEVERITIES };
  for (const [key, rule] of Object.entries(overrides.severities ?? {})) {
    if (!(SEVERITIES as readonly string[]).includes(key)) throw new RangeError(`severities: unknown severity ${key}`);
    const severity = key as Severity;
    const merged = { ...severities[severity], ...rule };
    if (!(GRADES as readonly string[]).includes(merged.grade) || merged.grade === 'good') {
      throw new RangeError(`severities.${severity}.grade must be one of general, serious, grave`);
    }
    severities[severity] = {
      grade: merged.grade,
      banMonths: wholeMonths(merged.banMonths, `severities.${severity}.banMonths`),
      repairAfterMonths: wholeMonths(merged.repairAfterMonths, `severities.${severity}.repairAfterMonths`),
      earlyRepairAfterMonths: wholeMonths(merged.earlyRepairAfterMonths, `severities.${severity}.earlyRepairAfterMonths`),
    };
  }
  for (const severity of SEVERITIES) {
    const rule = severities[severity];
    if (rule.earlyRepairAfterMonths > rule.repairAfterMonths || rule.banMonths > rule.repairAfterMonths) {
      throw new RangeError(`severities.${severity}: banMonths ≤ repairAfterMonths and earlyRepairAfterMonths ≤ repairAfterMonths`);
    }
  }

  const intake = { ...DEFAULT_INTAKE };
  for (const [key, rule] of Object.entries(overrides.intake ?? {})) {
    if (!(GRADES as readonly string[]).includes(key)) throw new RangeError(`intake: unknown grade ${key}`);
    const merged = { ...intake[key as Grade], ...rule };
    if (typeof merged.countyHomeVisit !== 'boolean') throw new RangeError(`intake.${key}.countyHomeVisit must be true or false`);
    intake[key as Grade] = { countyHomeVisit: merged.countyHomeVisit };
  }

  const banAppliesTo = overrides.banAppliesTo ?? DEFAULT_BAN_APPLIES_TO;
  if (!Array.isArray(banAppliesTo) || !banAppliesTo.every((p) => (CREDIT_PROGRAMMES as readonly string[]).includes(p))) {
    throw new RangeError(`banAppliesTo must be a list of ${CREDIT_PROGRAMMES.join(', ')}`);
  }

  return Object.freeze({
    version,
    behaviours: BEHAVIOUR_TABLE,
    severities: Object.freeze(severities),
    intake: Object.freeze(intake),
    banAppliesTo: Object.freeze([...new Set(banAppliesTo as CreditProgramme[])]),
  });
}

export const DEFAULT_CREDIT_POLICY: CreditPolicy = createCreditPolicy();

export function isNegative(behaviour: Behaviour): behaviour is NegativeBehaviour {
  return (NEGATIVE_BEHAVIOURS as readonly string[]).includes(behaviour);
}

export function isPositive(behaviour: Behaviour): behaviour is PositiveBehaviour {
  return (POSITIVE_BEHAVIOURS as readonly string[]).includes(behaviour);
}
