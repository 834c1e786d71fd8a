import { PROGRAMMES, type Programme } from './delegation.events';

/** The numbers of delegation that are law or local policy rather than code. */
export interface DelegationPolicy {
  /**
   * Share (0..1) of a township's delegated confirmations the county re-checks at random (随机抽查核实),
   * per programme. A grant records it (or a higher ratio the county chooses); inspections draw
   * their samples from the ratio recorded in the grant.
   */
  readonly countySpotCheckRatio: Readonly<Record<Programme, number>>;
}

export interface DelegationPolicyOverrides {
  readonly countySpotCheckRatio?: Partial<Record<Programme, number>>;
}

/**
 * Floors set by national rules; local configuration may raise them, never lower them.
 * 特困: 《特困人员认定办法》(民政部, in force 2021-07-01) Art. 16, "不低于30%的比例随机抽查核实";
 * Art. 28 allows delegation, which does not lift the county's duty to check.
 */
export const NATIONAL_MINIMUM_SPOT_CHECK_RATIO: Readonly<Record<Programme, number>> = Object.freeze({
  tekun: 0.3,
  // 《最低生活保障审核确认办法》(2021) lets counties delegate and "加强监督指导" but sets no ratio.
  dibao: 0,
  // 临时救助 (民政部·财政部 2018 意见; 2020 意见 §15): delegation up to a cash limit, no ratio.
  temporary: 0,
});

const DEFAULT_RATIOS: Readonly<Record<Programme, number>> = {
  tekun: 0.3,
  // Local setting: no national ratio exists for delegated 低保 and no Zhejiang figure was found;
  // 30% follows the 特困 rule and the precedent of Fujian 2013 (county ≥30% 入户抽查). Some rural
  // rules used 20%. Configure per city.
  dibao: 0.3,
  // Local setting: small amounts under a per-case cap; the county confirms every case above it.
  temporary: 0,
};

/** The policy with defaults, validated and frozen; throws RangeError on a bad override. */
export function createDelegationPolicy(overrides: DelegationPolicyOverrides = {}): DelegationPolicy {
  const ratios = { ...DEFAULT_RATIOS };
  for (const [programme, ratio] of Object.entries(overrides.countySpotCheckRatio ?? {})) {
    if (!(PROGRAMMES as readonly string[]).includes(programme)) {
      throw new RangeError(`countySpotCheckRatio: unknown programme ${programme}`);
    }
    const key = programme as Programme;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      throw new RangeError(`countySpotCheckRatio.${key} must be a number from 0 to 1, got ${String(ratio)}`);
    }
    if (ratio < NATIONAL_MINIMUM_SPOT_CHECK_RATIO[key]) {
      throw new RangeError(
        `countySpotCheckRatio.${key} ${ratio} is below the national minimum ${NATIONAL_MINIMUM_SPOT_CHECK_RATIO[key]}`,
      );
    }
    ratios[key] = ratio;
  }
  return Object.freeze({ countySpotCheckRatio: Object.freeze(ratios) });
}

export const DEFAULT_DELEGATION_POLICY: DelegationPolicy = createDelegationPolicy();
