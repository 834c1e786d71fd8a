import type { IncomeAssessment, StandardSnapshot } from './case.values';

/** The vocabulary of a case after approval: amounts, payments, terminations. */

export const PAYMENT_KINDS = ['assistance', 'price-subsidy'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/**
 * Grounds of a termination (低保 Art. 32; 特困 Art. 24). 'death' is never given in a command: the
 * death of the household's last member, recorded from civil registration, ends the case by rule.
 */
export const TERMINATION_GROUNDS = [
  'income-above-standard',
  'assets-above-limit',
  'gradual-exit-ended',
  'regained-work-capacity',
  'supporter-able',
  'imprisoned',
  'missing',
  'moved-away',
  'voluntary-exit',
  'non-cooperation',
  'fraud',
  'other',
] as const;
export type TerminationGround = (typeof TERMINATION_GROUNDS)[number] | 'death';

/** Why nothing is due for a month. */
export type NotDueReason =
  | 'not-approved'
  | 'not-yet-payable'
  | 'after-death'
  | 'terminated'
  | 'suspended'
  | 'gradual-exit-ended'
  | 'amount-stopped'
  | 'programme-not-covered'
  | 'not-triggered'
  | 'already-scheduled'
  | 'already-paid'
  | 'reissue-pending';

/** Published CPI figures: year-on-year rises as fractions (0.035 is 3.5 %). */
export interface CpiFigures {
  readonly month: string;
  readonly cpiYoY: number;
  readonly foodCpiYoY: number;
}

/** What a price-subsidy payment needs from outside: the CPI and the 低保 standard of the month. */
export interface PriceSubsidyInput {
  readonly cpi: CpiFigures;
  readonly standard: StandardSnapshot;
}

/**
 * What a monthly amount is computed from. 低保 补差 with stopped shares:
 * household gap = max(0, standard × n − net counted income); amount = ⌊gap × (n − s) / n⌋, where n
 * counts the members the decision counted who are alive in the month and s those of them whose own
 * share is stopped (低保 Art. 34). 特困: standard × persons.
 */
export interface AmountCalculation {
  readonly method: 'gap' | 'tekun-basic-standard' | 'gradual-exit-kept';
  readonly standardFen: number;
  readonly memberCount: number;
  readonly stoppedShares: number;
  readonly countedIncomeFen: number;
  readonly deductedExpenditureFen: number;
}

/** A decision's basis as recorded in its event: members by their index in the case. */
export interface AmountBasis {
  readonly standard: StandardSnapshot;
  readonly assessment: IncomeAssessment;
  readonly countedMembers: readonly number[];
  readonly stoppedMembers: readonly number[];
  readonly calculation: AmountCalculation;
}

/** How a month's assistance was reached: the decision in force and the facts of the month. */
export interface EntitlementBasis {
  readonly month: string;
  readonly programme: 'dibao' | 'tekun';
  readonly decision: { readonly kind: 'award' | 'amount-changed' | 'gradual-exit'; readonly decidedOn: string };
  readonly standardRef: StandardSnapshot['standardRef'];
  readonly calculation: AmountCalculation;
  readonly gradualExit: { readonly from: string; readonly until: string } | null;
}

export type PaymentBasis =
  | { readonly kind: 'assistance'; readonly entitlement: EntitlementBasis }
  | {
      readonly kind: 'price-subsidy';
      readonly persons: number;
      readonly perPersonFen: number;
      readonly cpi: CpiFigures;
      readonly rate: { readonly index: 'cpi' | 'food-cpi'; readonly yoy: number };
      readonly standard: StandardSnapshot;
      readonly entitlement: EntitlementBasis;
    };
