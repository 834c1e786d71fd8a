import type { IncomeCategory } from './case.policy';

/** The vocabulary shared by the case's commands, events and state. */

export const RELATIONS = [
  'applicant',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'grandchild',
  'other-dependant',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** Monthly amounts in 分 by income source; a missing source is 0. */
export type IncomeByCategory = Readonly<Partial<Record<IncomeCategory, number>>>;

export interface MemberInput {
  readonly relation: Relation;
  readonly personal: { readonly name: string; readonly idNumber: string };
}

/** Declared assets; thresholds are local and judged by the investigators, not here. */
export interface AssetsDeclaration {
  /** Deposits, securities, funds, commercial insurance, claims and internet financial assets. */
  readonly financialFen: number;
  readonly vehicles: number;
  readonly realEstateUnits: number;
}

/**
 * The standard the API found in force on the decision date (standardInForce for the decision
 * month). Extra fields of the standards context's answer are accepted and ignored.
 */
export interface StandardSnapshot {
  readonly monthlyFen: number;
  readonly effectiveFrom: string;
  readonly standardRef: { readonly streamId: string; readonly id: string };
  /** When given, checked against the case: 'dibao' for 低保, 'tekun-basic' for 特困. */
  readonly programme?: string;
}

export type DelegationRefusal =
  'none' | 'expired' | 'not-yet-valid' | 'suspended' | 'revoked' | 'programme-not-delegated' | 'over-cap';

/** The delegation context's explainDelegation(township, metadata.now, programme, amount), as is. */
export type DelegationExplanation =
  | {
      readonly inForce: true;
      readonly delegation: {
        readonly delegationId: string;
        readonly townshipCode?: string;
        readonly programme?: string;
        readonly maxAmountFen?: number;
      };
    }
  | {
      readonly inForce: false;
      readonly reason: DelegationRefusal;
      readonly delegationId?: string;
      readonly maxAmountFen?: number;
    };

/** Who took a decision, at which level, under which delegation (township decisions only). */
export interface DecisionMaker {
  readonly officialId: string;
  readonly unit: string;
  readonly level: 'township' | 'county';
  readonly delegationId?: string;
}

/** How the counted income was reached; amounts are household totals per month. */
export interface IncomeAssessment {
  readonly memberCount: number;
  readonly monthlyIncomeFen: IncomeByCategory;
  readonly countedIncomeFen: number;
  readonly excludedIncomeFen: number;
  readonly excludedCategories: readonly IncomeCategory[];
  readonly deductedExpenditureFen: number;
}

export type Proposal =
  | { readonly kind: 'monthly'; readonly monthlyAmountFen: number; readonly standard: StandardSnapshot }
  | { readonly kind: 'one-off'; readonly amountFen: number };

/** How a monthly amount was computed: 补差 for 低保, the basic living standard for 特困. */
export type AwardCalculation =
  | {
      readonly method: 'gap';
      readonly standardFen: number;
      readonly memberCount: number;
      readonly countedIncomeFen: number;
      readonly deductedExpenditureFen: number;
    }
  | { readonly method: 'tekun-basic-standard'; readonly standardFen: number; readonly persons: number };

export type Award =
  | {
      readonly kind: 'monthly';
      readonly monthlyAmountFen: number;
      /** The month after the decision month: payment runs from here. */
      readonly payableFrom: string;
      readonly standard: StandardSnapshot;
      readonly calculation: AwardCalculation;
    }
  | { readonly kind: 'one-off'; readonly amountFen: number };

/** Whether the decision came within the case deadline in force when it was taken. */
export interface DeadlineCheck {
  readonly dueBy: string;
  readonly met: boolean;
}
