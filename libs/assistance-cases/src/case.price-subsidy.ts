import type { PriceSubsidyPolicy } from './case-management.policy';
import { MANAGEMENT_DEFAULTS } from './case-management.policy';
import type { CpiFigures } from './case-management.values';

/**
 * 价格临时补贴 (发改价格〔2021〕1553号): paid monthly once the CPI's year-on-year rise reaches its
 * trigger (3.5 %) or the food CPI's reaches its own (6 %). Amount per person and month =
 * 低保标准 × the rise, the typical local formula (DOMAIN §5: 低保标准 × (S)CPI涨幅); by default the
 * rise is the CPI's even when only food prices triggered (policy rateOf), rounded half up to the 分,
 * never below the policy's minimum. The triggers in force are those of the CPI figures' month.
 * Rates are compared and multiplied in millionths, so 0.035 is exactly 35 000 and no binary
 * fraction decides whether a subsidy is paid.
 */

export interface PriceSubsidyCalculation {
  readonly perPersonFen: number;
  /** The index whose rise the amount was computed with. */
  readonly index: 'cpi' | 'food-cpi';
  readonly yoy: number;
  readonly triggeredBy: readonly ('cpi' | 'food-cpi')[];
  readonly triggers: { readonly cpi: number; readonly foodCpi: number };
}

const PPM = 1_000_000;

function ppm(rate: number): number {
  return Math.round(rate * PPM);
}

/** The triggers in force for a month: the usual ones, or a temporary period's. */
export function priceSubsidyTriggers(
  month: string,
  policy: PriceSubsidyPolicy,
): { readonly cpi: number; readonly foodCpi: number } {
  const temporary = policy.temporaryTriggers.find((t) => t.from <= month && month <= t.until);
  return {
    cpi: temporary?.cpiTrigger ?? policy.cpiTrigger,
    foodCpi: temporary?.foodCpiTrigger ?? policy.foodCpiTrigger,
  };
}

export function priceSubsidyCalculation(
  cpi: CpiFigures,
  standardFen: number,
  policy: PriceSubsidyPolicy = MANAGEMENT_DEFAULTS.priceSubsidy,
): PriceSubsidyCalculation | undefined {
  const triggers = priceSubsidyTriggers(cpi.month, policy);
  const triggeredBy: ('cpi' | 'food-cpi')[] = [];
  if (ppm(cpi.cpiYoY) >= ppm(triggers.cpi)) triggeredBy.push('cpi');
  if (ppm(cpi.foodCpiYoY) >= ppm(triggers.foodCpi)) triggeredBy.push('food-cpi');
  if (triggeredBy.length === 0) return undefined;
  const index = policy.rateOf === 'triggering-index' && !triggeredBy.includes('cpi') ? 'food-cpi' : 'cpi';
  const yoy = index === 'cpi' ? cpi.cpiYoY : cpi.foodCpiYoY;
  const computed = Math.round((standardFen * ppm(yoy)) / PPM);
  const perPersonFen = Math.max(computed, policy.minimumFen);
  if (perPersonFen <= 0) return undefined;
  return { perPersonFen, index, yoy, triggeredBy, triggers };
}

/** The subsidy per person for a month, in 分; undefined when the CPI figures trigger nothing. */
export function priceSubsidyFor(
  cpi: CpiFigures,
  standardFen: number,
  policy: PriceSubsidyPolicy = MANAGEMENT_DEFAULTS.priceSubsidy,
): number | undefined {
  return priceSubsidyCalculation(cpi, standardFen, policy)?.perPersonFen;
}
