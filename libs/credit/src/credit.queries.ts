import { addDays, dateInChina } from '@app/calendar';
import type { Actor } from '@app/ledger/envelope';
import {
  type Behaviour,
  type Evidence,
  type Grade,
  GRADES,
  type RecordEffect,
  type Severity,
} from './credit.events';
import type { CreditPolicy, CreditProgramme } from './credit.policy';

/** One record as it stands, with every appeal and its repair: nothing is ever removed. */
export interface CreditRecord {
  readonly recordId: string;
  readonly behaviour: Behaviour;
  readonly polarity: 'negative' | 'positive';
  readonly townshipCode: string;
  readonly occurredOn: string;
  readonly recordedOn: string;
  readonly recordedBy: Actor;
  readonly summary: string;
  readonly legalBasis: readonly string[];
  readonly evidence: readonly Evidence[];
  /** The effect in force now (changed by an upheld appeal with a corrected severity). */
  readonly effect: RecordEffect | null;
  /** 'annulled' by an upheld appeal, 'repaired' by 信用修复; both stay in the history. */
  readonly status: 'in-force' | 'annulled' | 'repaired';
  readonly appeals: readonly CreditAppeal[];
  readonly repair: { readonly repairedOn: string; readonly basis: 'period-elapsed' | 'conditions-met'; readonly conditionRecordIds: readonly string[] } | null;
}

export interface CreditAppeal {
  readonly appealId: string;
  readonly grounds: string;
  readonly lodgedOn: string;
  readonly decision: {
    readonly outcome: 'upheld' | 'rejected';
    readonly reasons: string;
    readonly decidedOn: string;
    readonly decidedBy: Actor;
  } | null;
}

export interface CreditEvaluation {
  readonly grade: Grade;
  readonly banUntil: string | null;
  readonly banRecordId: string | null;
  readonly activeRecordIds: readonly string[];
}

/** The day `months` calendar months after a date, clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What a negative record of this severity, set on `recordedOn`, does under the policy. */
export function effectOf(policy: CreditPolicy, behaviour: Behaviour, severity: Severity, recordedOn: string): RecordEffect {
  const rule = policy.severities[severity];
  const banUntil = rule.banMonths > 0 ? addDays(addMonthsToDate(recordedOn, rule.banMonths), -1) : null;
  const early = addMonthsToDate(recordedOn, rule.earlyRepairAfterMonths);
  return {
    severity,
    grade: rule.grade,
    banUntil,
    repairableFrom: addMonthsToDate(recordedOn, rule.repairAfterMonths),
    // An early repair never ends a ban before its term.
    earlyRepairFrom: banUntil !== null && addDays(banUntil, 1) > early ? addDays(banUntil, 1) : early,
    repairConditions: [...policy.behaviours[behaviour].repairConditions],
    policyVersion: policy.version,
  };
}

const rank = (grade: Grade) => GRADES.indexOf(grade);

/** The grade from the negative records in force: the worst of their grades, 守信 without any. */
export function evaluateCredit(records: readonly CreditRecord[]): CreditEvaluation {
  let grade: Grade = 'good';
  let banUntil: string | null = null;
  let banRecordId: string | null = null;
  const active: string[] = [];
  for (const record of records) {
    if (record.polarity !== 'negative' || record.status !== 'in-force' || record.effect === null) continue;
    active.push(record.recordId);
    if (rank(record.effect.grade) > rank(grade)) grade = record.effect.grade;
    if (record.effect.banUntil !== null && (banUntil === null || record.effect.banUntil > banUntil)) {
      banUntil = record.effect.banUntil;
      banRecordId = record.recordId;
    }
  }
  return { grade, banUntil, banRecordId, activeRecordIds: active };
}

/** What intake must do for a household: the ban in force on the day, and the stricter checks of its grade. */
export interface CreditStanding {
  readonly householdId: string;
  readonly grade: Grade;
  readonly policyVersion: string;
  readonly countyHomeVisit: boolean;
  readonly ban: {
    readonly until: string;
    readonly programmes: readonly CreditProgramme[];
    readonly recordId: string;
    readonly behaviour: Behaviour;
    readonly legalBasis: readonly string[];
  } | null;
}

export function creditStanding(
  householdId: string,
  records: readonly CreditRecord[],
  policy: CreditPolicy,
  asOf: string,
): CreditStanding {
  const today = dateInChina(asOf);
  const evaluation = evaluateCredit(records);
  const banning = records.find((r) => r.recordId === evaluation.banRecordId);
  const banned = banning !== undefined && evaluation.banUntil !== null && evaluation.banUntil >= today;
  return {
    householdId,
    grade: evaluation.grade,
    policyVersion: policy.version,
    countyHomeVisit: policy.intake[evaluation.grade].countyHomeVisit,
    ban:
      banned && banning
        ? {
            until: evaluation.banUntil as string,
            programmes: [...policy.banAppliesTo],
            recordId: banning.recordId,
            behaviour: banning.behaviour,
            legalBasis: [...banning.legalBasis],
          }
        : null,
  };
}

/** The worse of several standings (a household may be keyed by any member who applied before). */
export function worstStanding(standings: readonly CreditStanding[]): CreditStanding | null {
  let worst: CreditStanding | null = null;
  for (const s of standings) {
    if (worst === null) worst = s;
    else if (s.ban && (!worst.ban || s.ban.until > worst.ban.until)) worst = s;
    else if (!worst.ban && rank(s.grade) > rank(worst.grade)) worst = s;
  }
  return worst;
}
