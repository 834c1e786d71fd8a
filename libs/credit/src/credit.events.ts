import type { Actor, DomainEvent } from '@app/ledger/envelope';

/** 救助诚信: what a household did, and the evaluation built on it, in the stream `household-<id>`. */

/** Conduct the policy lists (清单管理, 国办发〔2020〕49号): the bad, and the good worth recording. */
export const NEGATIVE_BEHAVIOURS = [
  'forged-documents',
  'concealed-changes',
  'concealed-death',
  'false-report',
  'refused-check',
] as const;
export const POSITIVE_BEHAVIOURS = ['timely-self-report', 'cooperation', 'repayment'] as const;
export const BEHAVIOURS = [...NEGATIVE_BEHAVIOURS, ...POSITIVE_BEHAVIOURS] as const;

export type NegativeBehaviour = (typeof NEGATIVE_BEHAVIOURS)[number];
export type PositiveBehaviour = (typeof POSITIVE_BEHAVIOURS)[number];
export type Behaviour = (typeof BEHAVIOURS)[number];

/** 一般 / 较重 / 严重 失信. */
export const SEVERITIES = ['general', 'serious', 'grave'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 守信 and the three grades of 失信, from best to worst. */
export const GRADES = ['good', 'general', 'serious', 'grave'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Readonly<Record<Grade, string>> = Object.freeze({
  good: '守信',
  general: '一般失信',
  serious: '较重失信',
  grave: '严重失信',
});

export const EVIDENCE_KINDS = ['warning', 'inspection-finding', 'decision'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** What a record rests on: a confirmed warning, an inspection finding, or a decision event. */
export interface Evidence {
  readonly kind: EvidenceKind;
  /** The warning id, the finding id, or the event id of the decision. */
  readonly ref: string;
  readonly note?: string;
}

/** The consequences of a negative record, fixed by the policy in force when it was set. */
export interface RecordEffect {
  readonly severity: Severity;
  readonly grade: Grade;
  /** Last day (inclusive, local) on which an application is refused; null when no ban. */
  readonly banUntil: string | null;
  /** First local date on which the record may be repaired because the repair period has run. */
  readonly repairableFrom: string;
  /** First local date on which it may be repaired early, once every condition is on record. */
  readonly earlyRepairFrom: string;
  /** Positive behaviours the household must show after the record for an early repair. */
  readonly repairConditions: readonly PositiveBehaviour[];
  readonly policyVersion: string;
}

export function householdStreamId(householdId: string): string {
  return `household-${householdId}`;
}

export type CreditRecordEntered = DomainEvent<
  'CreditRecordEntered',
  {
    readonly householdId: string;
    readonly recordId: string;
    readonly townshipCode: string;
    readonly behaviour: Behaviour;
    readonly polarity: 'negative' | 'positive';
    /** The local date the conduct happened (or was established). */
    readonly occurredOn: string;
    readonly recordedOn: string;
    readonly recordedAt: string;
    readonly recordedBy: Actor;
    readonly summary: string;
    /** The provisions the record cites: the policy's for the behaviour, and any the official adds. */
    readonly legalBasis: readonly string[];
    readonly evidence: readonly Evidence[];
    /** Null for a positive record. */
    readonly effect: RecordEffect | null;
    /** The person whose ID number keys the household; encrypted with the household later. */
    readonly personal: { readonly idNumber: string };
  }
>;

export type CreditAppealLodged = DomainEvent<
  'CreditAppealLodged',
  {
    readonly householdId: string;
    readonly recordId: string;
    readonly appealId: string;
    readonly grounds: string;
    readonly lodgedOn: string;
    readonly lodgedAt: string;
    readonly lodgedBy: Actor;
  }
>;

/** 异议 decided. Upheld: the record is annulled, or, with a corrected severity, changed. */
export type CreditAppealDecided = DomainEvent<
  'CreditAppealDecided',
  {
    readonly householdId: string;
    readonly recordId: string;
    readonly appealId: string;
    readonly outcome: 'upheld' | 'rejected';
    readonly reasons: string;
    readonly decidedOn: string;
    readonly decidedAt: string;
    readonly decidedBy: Actor;
    /** Upheld only: 'annulled', or 'changed' with the record's new effect. */
    readonly result: { readonly kind: 'annulled' } | { readonly kind: 'changed'; readonly effect: RecordEffect } | null;
  }
>;

/** 信用修复: the record stays in the history; it no longer weighs on the grade or bans. */
export type CreditRecordRepaired = DomainEvent<
  'CreditRecordRepaired',
  {
    readonly householdId: string;
    readonly recordId: string;
    readonly basis: 'period-elapsed' | 'conditions-met';
    /** The positive records that met the conditions (conditions-met only). */
    readonly conditionRecordIds: readonly string[];
    readonly repairedOn: string;
    readonly repairedAt: string;
    readonly repairedBy: Actor;
    readonly policyVersion: string;
  }
>;

/** The grade after every change, with the policy version the evaluation used. */
export type CreditEvaluated = DomainEvent<
  'CreditEvaluated',
  {
    readonly householdId: string;
    readonly grade: Grade;
    readonly previousGrade: Grade;
    /** The latest ban day among the records in force, and the record that sets it. */
    readonly banUntil: string | null;
    readonly banRecordId: string | null;
    readonly activeRecordIds: readonly string[];
    readonly cause: {
      readonly event: 'CreditRecordEntered' | 'CreditAppealDecided' | 'CreditRecordRepaired';
      readonly recordId: string;
    };
    readonly evaluatedOn: string;
    readonly policyVersion: string;
  }
>;

export type CreditEvent =
  | CreditRecordEntered
  | CreditAppealLodged
  | CreditAppealDecided
  | CreditRecordRepaired
  | CreditEvaluated;

export const CREDIT_EVENT_TYPES: readonly CreditEvent['type'][] = Object.freeze([
  'CreditRecordEntered',
  'CreditAppealLodged',
  'CreditAppealDecided',
  'CreditRecordRepaired',
  'CreditEvaluated',
]);
