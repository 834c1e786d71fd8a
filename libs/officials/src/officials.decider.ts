import { dateInChina } from '@app/calendar';
import { assertResidentId } from '@app/households';
import type { Decider } from '@app/ledger/decider';
import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { isUnitCode, withinJurisdiction } from '@app/platform/jurisdiction';
import { isRole, ROLES } from '@app/platform/roles';
import type {
  DeactivateOfficial,
  DeclareNearRelative,
  OfficialsCommand,
  RegisterOfficial,
  WithdrawNearRelative,
} from './officials.commands';
import {
  isRelation,
  type NearRelativeDeclared,
  type NearRelativeWithdrawn,
  type OfficialDeactivated,
  type OfficialRegistered,
  type OfficialsEvent,
  RELATIONS,
} from './officials.events';
import { DEFAULT_OFFICIALS_POLICY, type OfficialsPolicy } from './officials.policy';
import { declaredRelativeIds } from './officials.queries';
import { evolveOfficial, initialOfficialState, type OfficialRecord, type OfficialState } from './officials.state';

const OFFICIAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createOfficialsDecider(
  policy: OfficialsPolicy = DEFAULT_OFFICIALS_POLICY,
): Decider<OfficialsCommand, OfficialsEvent, OfficialState> {
  return {
    initialState: initialOfficialState,
    evolve: evolveOfficial,
    decide(command, state) {
      switch (command.type) {
        case 'RegisterOfficial':
          return [register(command, state, policy)];
        case 'DeclareNearRelative':
          return [declare(command, state, policy)];
        case 'WithdrawNearRelative':
          return [withdraw(command, state, policy)];
        case 'DeactivateOfficial':
          return [deactivate(command, state, policy)];
        default: {
          const _exhaustive: never = command;
          return _exhaustive;
        }
      }
    },
  };
}

function register(
  { data, metadata }: RegisterOfficial,
  state: OfficialState,
  policy: OfficialsPolicy,
): OfficialRegistered {
  requireAdminRole(metadata.actor, policy, 'register officials');
  if (typeof data.officialId !== 'string' || !OFFICIAL_ID.test(data.officialId)) {
    throw DomainError.invalid('officialId', 'officialId must be 1–64 letters, digits, dots, dashes or underscores');
  }
  const roles = data.roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole) || new Set(roles).size !== roles.length) {
    throw DomainError.invalid(
      'roles',
      `roles must be a non-empty list without repeats, each one of ${ROLES.join(', ')}`,
    );
  }
  if (!isUnitCode(data.unit)) {
    throw DomainError.invalid('unit', 'unit must be a 4-digit city, 6-digit county or 9-digit township code');
  }
  const name = text('personal.name', data.personal?.name, policy);
  requireJurisdiction(metadata.actor, data.unit);
  if (state.status !== 'unregistered') {
    throw DomainError.conflict('official-already-registered', `official ${data.officialId} is already registered`);
  }
  return {
    type: 'OfficialRegistered',
    data: { officialId: data.officialId, roles: [...roles], unit: data.unit, personal: { name } },
  };
}

function declare(
  { data, metadata }: DeclareNearRelative,
  state: OfficialState,
  policy: OfficialsPolicy,
): NearRelativeDeclared {
  const official = activeOfficial(state, data.officialId);
  const { actor } = metadata;
  const isAdmin = hasAdminRole(actor, policy) && withinJurisdiction(actor.unit, official.unit);
  if (actor.id !== official.officialId && !isAdmin) {
    throw DomainError.forbidden(
      'not-own-declaration',
      'near relatives are declared by the official themself or by an admin covering their unit',
    );
  }
  const idNumber = assertResidentId('personal.idNumber', data.personal?.idNumber, { asOf: dateInChina(metadata.now) });
  const name = text('personal.name', data.personal?.name, policy);
  if (!isRelation(data.relation)) {
    throw DomainError.invalid('relation', `relation must be one of ${RELATIONS.join(', ')}`);
  }
  if (declaredRelativeIds(state).includes(idNumber)) {
    throw DomainError.conflict('near-relative-already-declared', 'this near relative is already declared', {
      field: 'personal.idNumber',
    });
  }
  return {
    type: 'NearRelativeDeclared',
    data: { officialId: official.officialId, personal: { idNumber, name }, relation: data.relation },
  };
}

function withdraw(
  { data, metadata }: WithdrawNearRelative,
  state: OfficialState,
  policy: OfficialsPolicy,
): NearRelativeWithdrawn {
  const official = activeOfficial(state, data.officialId);
  requireAdminRole(metadata.actor, policy, 'withdraw a near-relative declaration');
  requireJurisdiction(metadata.actor, official.unit);
  const idNumber = assertResidentId('personal.idNumber', data.personal?.idNumber);
  const reason = text('reason', data.reason, policy);
  if (!declaredRelativeIds(state).includes(idNumber)) {
    throw DomainError.notFound('near-relative-not-declared', 'no standing declaration for this ID number', {
      field: 'personal.idNumber',
    });
  }
  return { type: 'NearRelativeWithdrawn', data: { officialId: official.officialId, personal: { idNumber }, reason } };
}

function deactivate(
  { data, metadata }: DeactivateOfficial,
  state: OfficialState,
  policy: OfficialsPolicy,
): OfficialDeactivated {
  const official = activeOfficial(state, data.officialId);
  requireAdminRole(metadata.actor, policy, 'deactivate officials');
  requireJurisdiction(metadata.actor, official.unit);
  const reason = text('reason', data.reason, policy);
  return { type: 'OfficialDeactivated', data: { officialId: official.officialId, reason } };
}

/** The official of this stream, if registered, active and the one the command names. */
function activeOfficial(state: OfficialState, officialId: string): OfficialRecord {
  switch (state.status) {
    case 'unregistered':
      throw DomainError.notFound('official-not-found', `official ${officialId} is not registered`);
    case 'deactivated':
      throw DomainError.conflict('official-deactivated', `official ${state.official.officialId} is deactivated`);
    case 'active':
      if (state.official.officialId !== officialId) {
        throw DomainError.invalid('officialId', `this stream belongs to official ${state.official.officialId}`);
      }
      return state.official;
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
}

function hasAdminRole(actor: Actor, policy: OfficialsPolicy): boolean {
  return (policy.adminRoles as readonly string[]).includes(actor.role);
}

function requireAdminRole(actor: Actor, policy: OfficialsPolicy, what: string): void {
  if (!hasAdminRole(actor, policy)) {
    throw DomainError.forbidden('role-not-allowed', `role ${actor.role} may not ${what}`, {
      allowedRoles: policy.adminRoles,
    });
  }
}

function requireJurisdiction(actor: Actor, unit: string): void {
  if (!withinJurisdiction(actor.unit, unit)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${actor.unit} does not cover unit ${unit}`, {
      actorUnit: actor.unit,
      unit,
    });
  }
}

function text(field: string, value: unknown, policy: OfficialsPolicy): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '' || trimmed.length > policy.textMaxLength) {
    throw DomainError.invalid(field, `${field} must be a non-blank text of at most ${policy.textMaxLength} characters`);
  }
  return trimmed;
}
