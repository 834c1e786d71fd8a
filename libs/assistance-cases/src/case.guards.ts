import { dateInChina } from '@app/calendar';
import { type Command, DomainError } from '@app/ledger/domain';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import type { CaseState, CaseStatus } from './case.state';
import type { DecisionMaker } from './case.values';
import { requireDelegation } from './case.validation';

/**
 * Who may take each step. Cases are handled by township staff (受理, 调查, 初审, 公示) and decided by
 * a township approver under delegation or by the county reviewer. Supervisors, inspectors,
 * auditors and admins read; none of them may act on a case — an admin manages accounts and
 * configuration, and a decision by one would sit outside the procedure's chain of responsibility.
 */
export const TOWNSHIP_STAFF: readonly Role[] = Object.freeze(['intake-clerk', 'township-approver'] as Role[]);
export const TOWNSHIP_APPROVER: readonly Role[] = Object.freeze(['township-approver'] as Role[]);
export const COUNTY_REVIEWER: readonly Role[] = Object.freeze(['county-reviewer'] as Role[]);
export const TOWNSHIP_STAFF_OR_COUNTY: readonly Role[] = Object.freeze([
  ...TOWNSHIP_STAFF,
  'county-reviewer',
] as Role[]);
export const DECIDERS: readonly Role[] = Object.freeze(['township-approver', 'county-reviewer'] as Role[]);

export function requireRole(command: Command, allowed: readonly Role[], step: string): void {
  const role = command.metadata.actor.role;
  if (!(allowed as readonly string[]).includes(role)) {
    throw DomainError.forbidden('role-not-allowed', `a ${role} may not ${step}`, { role, allowed: [...allowed] });
  }
}

/** The actor's unit must cover the case's township (a county unit covers its townships). */
export function requireJurisdiction(command: Command, townshipCode: string): void {
  const unit = command.metadata.actor.unit;
  if (!withinJurisdiction(unit, townshipCode)) {
    throw DomainError.forbidden(
      'outside-jurisdiction',
      `unit ${unit} has no jurisdiction over township ${townshipCode}`,
      {
        unit,
        townshipCode,
      },
    );
  }
}

/** Delegated power belongs to a township; an approver account attached elsewhere cannot use it. */
export function requireTownshipUnit(command: Command, townshipCode: string): void {
  const unit = command.metadata.actor.unit;
  if (unitLevel(unit) !== 'township' || unit !== townshipCode) {
    throw DomainError.forbidden(
      'not-the-township',
      `only staff of township ${townshipCode} may decide at township level`,
      {
        unit,
        townshipCode,
      },
    );
  }
}

/** Role and jurisdiction for a step on an existing case. */
export function authorize(
  command: Command<string, { readonly caseId: string }>,
  state: CaseState,
  allowed: readonly Role[],
  step: string,
): string {
  const townshipCode = requireCase(command, state);
  requireRole(command, allowed, step);
  requireJurisdiction(command, townshipCode);
  return townshipCode;
}

/** The case exists and the command names it; returns its township. */
export function requireCase(command: Command<string, { readonly caseId: string }>, state: CaseState): string {
  if (state.status === 'none' || state.townshipCode === null) {
    throw DomainError.notFound('case-not-found', `there is no case ${String(command.data.caseId)}`);
  }
  if (command.data.caseId !== state.caseId) {
    throw DomainError.invalid('caseId', `caseId ${String(command.data.caseId)} is not this case (${state.caseId})`);
  }
  return state.townshipCode;
}

export function requireStatus(state: CaseState, allowed: readonly CaseStatus[], step: string): void {
  if (!allowed.includes(state.status)) {
    throw DomainError.conflict('wrong-status', `cannot ${step} while the case is ${state.status}`, {
      status: state.status,
      allowed: [...allowed],
    });
  }
}

/** The local (UTC+8) date of the command's stamped instant. */
export function todayOf(command: Command): string {
  try {
    return dateInChina(command.metadata.now);
  } catch {
    throw DomainError.invalid(
      'metadata.now',
      `metadata.now is not an instant with an offset: ${String(command.metadata.now)}`,
    );
  }
}

/**
 * A decision on an approved case (amount, suspension, termination, recovery): the county reviewer,
 * or an approver of the case's own township under a delegation in force for the programme. Unlike
 * an approval, a township act without delegation is refused, not turned into a recommendation:
 * the county takes these decisions itself.
 */
export function authorizeDecision(
  command: Command<string, { readonly caseId: string; readonly delegation?: unknown }>,
  state: CaseState,
  step: string,
): DecisionMaker {
  const townshipCode = authorize(command, state, DECIDERS, step);
  const { id: officialId, unit, role } = command.metadata.actor;
  if (role === 'county-reviewer') return { officialId, unit, level: 'county' };
  requireTownshipUnit(command, townshipCode);
  const programme = state.programme as NonNullable<CaseState['programme']>;
  const delegation = requireDelegation(command.data.delegation, 'delegation', townshipCode, programme);
  if (!delegation.inForce) {
    throw DomainError.forbidden(
      'delegation-not-in-force',
      `the township holds no delegation in force for this decision: ${delegation.reason}`,
      {
        reason: delegation.reason,
        ...(delegation.delegationId === undefined ? {} : { delegationId: delegation.delegationId }),
      },
    );
  }
  return { officialId, unit, level: 'township', delegationId: delegation.delegation.delegationId };
}
