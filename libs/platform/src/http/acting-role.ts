import type { Principal } from '../auth/principal';
import type { Role } from '../roles';

/**
 * The role a command is taken under: the first of the principal's roles the policy lets do it, or
 * else the principal's first role, so that the decider refuses it with its own reason.
 */
export function actingRole(principal: Principal, allowed: readonly Role[]): Role {
  return principal.roles.find((role) => allowed.includes(role)) ?? principal.roles[0];
}
