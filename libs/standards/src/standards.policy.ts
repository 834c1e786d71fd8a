import { isRole, type Role } from '@app/platform/roles';

export interface StandardsPolicy {
  /** 特困 basic living standard ≥ this × 低保 standard in force on the same date (Shaoxing rule). */
  readonly tekunMinRatioToDibao: number;
  /** Roles that may set a standard, within their unit's jurisdiction. */
  readonly setterRoles: readonly Role[];
}

/** Ratios are compared in basis points so that 850 元 × 1.3 is exactly 1105 元, not 1105.0000000000002. */
const BASIS = 10_000;

export function standardsPolicy(overrides: Partial<StandardsPolicy> = {}): StandardsPolicy {
  const policy = { tekunMinRatioToDibao: 1.3, setterRoles: ['admin'] as readonly Role[], ...overrides };
  const ratio = policy.tekunMinRatioToDibao;
  if (!Number.isFinite(ratio) || ratio < 1 || Math.abs(ratio * BASIS - Math.round(ratio * BASIS)) > 1e-6) {
    throw new RangeError(`tekunMinRatioToDibao must be ≥ 1 with at most 4 decimals, not ${ratio}`);
  }
  if (policy.setterRoles.length === 0 || !policy.setterRoles.every(isRole)) {
    throw new RangeError(`setterRoles must be a non-empty list of roles, not ${JSON.stringify(policy.setterRoles)}`);
  }
  return Object.freeze({ ...policy, setterRoles: Object.freeze([...policy.setterRoles]) });
}

export const DEFAULT_STANDARDS_POLICY: StandardsPolicy = standardsPolicy();

/** The lowest 特困 standard (fen, rounded up) that satisfies the ratio against a 低保 standard. */
export function tekunMinimumFen(dibaoFen: number, policy: StandardsPolicy = DEFAULT_STANDARDS_POLICY): number {
  const basisPoints = Math.round(policy.tekunMinRatioToDibao * BASIS);
  return Math.floor((dibaoFen * basisPoints + BASIS - 1) / BASIS);
}

/** Whether a 特困 standard satisfies the ratio against a 低保 standard, in exact integer arithmetic. */
export function meetsTekunRatio(
  tekunFen: number,
  dibaoFen: number,
  policy: StandardsPolicy = DEFAULT_STANDARDS_POLICY,
): boolean {
  return tekunFen * BASIS >= dibaoFen * Math.round(policy.tekunMinRatioToDibao * BASIS);
}
