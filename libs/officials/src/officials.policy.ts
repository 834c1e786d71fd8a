import { isRole, type Role } from '@app/platform/roles';

export interface OfficialsPolicy {
  /**
   * Roles that register and deactivate officials, withdraw declarations and declare on an
   * official's behalf, each within their unit's jurisdiction.
   */
  readonly adminRoles: readonly Role[];
  /** Longest name or reason accepted, in characters. */
  readonly textMaxLength: number;
}

export function officialsPolicy(overrides: Partial<OfficialsPolicy> = {}): OfficialsPolicy {
  const policy = { adminRoles: ['admin'] as readonly Role[], textMaxLength: 200, ...overrides };
  if (policy.adminRoles.length === 0 || !policy.adminRoles.every(isRole)) {
    throw new RangeError(`adminRoles must be a non-empty list of roles, not ${JSON.stringify(policy.adminRoles)}`);
  }
  if (!Number.isSafeInteger(policy.textMaxLength) || policy.textMaxLength < 1) {
    throw new RangeError(`textMaxLength must be a positive whole number, not ${policy.textMaxLength}`);
  }
  return Object.freeze({ ...policy, adminRoles: Object.freeze([...policy.adminRoles]) });
}

export const DEFAULT_OFFICIALS_POLICY: OfficialsPolicy = officialsPolicy();
