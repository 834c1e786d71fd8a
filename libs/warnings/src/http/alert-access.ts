import type { Actor } from '@app/ledger/envelope';
import { DomainError } from '@app/ledger/domain';
import { actingRole, type Principal, type Role } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { RoutingLevel, WarningJurisdiction } from '../warning.events';
import { levelsOf, mayActAtOrAbove } from '../warning.policy';

/**
 * Who reads alerts: every role that supervises, decides, inspects or audits, within its unit (a
 * township official their township, a county one their county, the city all). Intake clerks do not.
 */
export const ALERT_READERS: readonly Role[] = Object.freeze([
  'supervisor',
  'county-reviewer',
  'township-approver',
  'discipline-inspector',
  'auditor',
  'admin',
]);

/** Who may act on a warning at all; which level each acts at is the warning policy's (LEVEL_ROLES). */
export const ALERT_HANDLERS: readonly Role[] = Object.freeze(['township-approver', 'supervisor', 'county-reviewer', 'discipline-inspector']);

/** 403 unless the caller's unit covers the code (a township, or a county asked about). */
export function assertCovers(principal: Principal, code: string, field: string): void {
  // A county asked about by one of its township's officials narrows nothing: the unit still limits.
  if (withinJurisdiction(principal.unit, code) || withinJurisdiction(code, principal.unit)) return;
  throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over ${field} ${code}`, {
    unit: principal.unit,
    [field]: code,
  });
}

export function assertWarningWithin(principal: Principal, jurisdiction: WarningJurisdiction): void {
  if (!withinJurisdiction(principal.unit, jurisdiction.township)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over township ${jurisdiction.township}`, {
      unit: principal.unit,
      township: jurisdiction.township,
    });
  }
}

export type WarningAction = 'acknowledge' | 'escalate' | 'close' | 'route';

/**
 * The role a command on a warning is taken under: the first role the caller holds that the policy
 * lets act on the warning where it sits now (a supervisor who is also a discipline inspector
 * closes a discipline-level warning as the inspector); when none does, the first handler role, so
 * the decider refuses it with its own reason.
 */
export function roleForWarning(
  principal: Principal,
  jurisdiction: WarningJurisdiction | null,
  level: RoutingLevel | null,
  action: WarningAction,
): Role {
  const fits = (role: Role): boolean => {
    if (!jurisdiction || !level) return false;
    const actor: Actor = { id: principal.sub, role, unit: principal.unit };
    switch (action) {
      case 'acknowledge':
        return levelsOf(actor, jurisdiction).includes(level);
      case 'escalate':
      case 'close':
        return mayActAtOrAbove(actor, jurisdiction, level);
      case 'route':
        return mayActAtOrAbove(actor, jurisdiction, 'county');
      default: {
        const _exhaustive: never = action;
        return _exhaustive;
      }
    }
  };
  return principal.roles.find((role) => ALERT_HANDLERS.includes(role) && fits(role)) ?? actingRole(principal, ALERT_HANDLERS);
}
