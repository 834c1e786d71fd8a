import type { Decider } from '@app/ledger/decider';
import { type CommandMetadata, DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { countyOf, unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import type { DelegationCommand, GrantDelegation } from './delegation.commands';
import type { DelegatedProgramme, DelegationEvent } from './delegation.events';
import type { DelegationPolicy } from './delegation.policy';
import { instantMillis } from './delegation.time';
import { requireDelegationId, requireReason, validateGrant } from './delegation.validation';

export interface Suspension {
  readonly suspendedAt: string;
  readonly reason: string;
  /** Absent while the suspension lasts. */
  readonly resumedAt?: string;
}

/** One grant with its whole history, so that any past instant can be judged as it stood then. */
export interface DelegationRecord {
  readonly delegationId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly programmes: readonly DelegatedProgramme[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly document: string;
  readonly grantedBy: Actor;
  readonly grantedAt: string;
  readonly suspensions: readonly Suspension[];
  readonly revocation?: { readonly revokedAt: string; readonly reason: string };
}

/** The register of one township: every delegation it ever held, in the order granted. */
export interface DelegationState {
  readonly townshipCode?: string;
  readonly delegations: readonly DelegationRecord[];
  /** Instant of the latest event; the register's history never runs backwards. */
  readonly lastRecordedAt?: string;
}

/** The county-level roles that hold the power to delegate; a township never grants to itself. */
const DELEGATING_ROLES: readonly Role[] = ['county-reviewer', 'admin'];

export function createDelegationDecider(
  policy: DelegationPolicy,
): Decider<DelegationCommand, DelegationEvent, DelegationState> {
  return {
    initialState: () => ({ delegations: [] }),
    decide: (command, state) => decide(command, state, policy),
    evolve,
  };
}

function decide(command: DelegationCommand, state: DelegationState, policy: DelegationPolicy): DelegationEvent[] {
  authorize(command.metadata.actor, command.data.townshipCode);
  if (state.townshipCode !== undefined && state.townshipCode !== command.data.townshipCode) {
    throw DomainError.invalid('townshipCode', `this register belongs to township ${state.townshipCode}`);
  }
  const now = checkNow(command.metadata, state);
  const at = command.metadata.now;
  switch (command.type) {
    case 'GrantDelegation':
      return [grant(command, state, policy, now)];
    case 'SuspendDelegation': {
      const record = open(state, command.data.delegationId);
      const reason = requireReason(command.data.reason);
      if (isSuspended(record)) {
        throw DomainError.conflict('delegation-suspended', `delegation ${record.delegationId} is already suspended`, {
          delegationId: record.delegationId,
        });
      }
      return [{ type: 'DelegationSuspended', data: { delegationId: record.delegationId, reason, suspendedAt: at } }];
    }
    case 'ResumeDelegation': {
      const record = open(state, command.data.delegationId);
      if (!isSuspended(record)) {
        throw DomainError.conflict('delegation-not-suspended', `delegation ${record.delegationId} is not suspended`, {
          delegationId: record.delegationId,
        });
      }
      return [{ type: 'DelegationResumed', data: { delegationId: record.delegationId, resumedAt: at } }];
    }
    case 'RevokeDelegation': {
      const record = open(state, command.data.delegationId);
      const reason = requireReason(command.data.reason);
      return [{ type: 'DelegationRevoked', data: { delegationId: record.delegationId, reason, revokedAt: at } }];
    }
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

function grant(
  command: GrantDelegation,
  state: DelegationState,
  policy: DelegationPolicy,
  now: number,
): DelegationEvent {
  const { data, metadata } = command;
  const delegationId = requireDelegationId(data.delegationId);
  if (state.delegations.some((d) => d.delegationId === delegationId)) {
    throw DomainError.conflict('delegation-exists', `delegation ${delegationId} already exists`, { delegationId });
  }
  const valid = validateGrant(data, policy, now);
  // At most one unrevoked grant covers a programme on any day, so "the delegation in force" is one.
  for (const other of state.delegations) {
    if (other.revocation) continue;
    const shared = valid.programmes.find((p) => other.programmes.some((o) => o.programme === p.programme));
    if (shared && valid.validFrom < other.validTo && other.validFrom < valid.validTo) {
      const { delegationId: otherId, validFrom, validTo } = other;
      throw DomainError.conflict(
        'delegation-overlap',
        `delegation ${otherId} covers ${shared.programme} from ${validFrom} until ${validTo} (exclusive)`,
        { delegationId: otherId, programme: shared.programme, validFrom, validTo },
      );
    }
  }
  return {
    type: 'DelegationGranted',
    data: {
      delegationId,
      countyCode: countyOf(data.townshipCode) as string,
      townshipCode: data.townshipCode,
      ...valid,
      grantedBy: { id: metadata.actor.id, role: metadata.actor.role, unit: metadata.actor.unit },
      grantedAt: metadata.now,
    },
  };
}

/** Only a county-level reviewer or admin whose unit covers the township may act on its delegation. */
function authorize(actor: Actor, townshipCode: unknown): void {
  if (!(DELEGATING_ROLES as readonly string[]).includes(actor.role)) {
    throw DomainError.forbidden('role-not-allowed', `role ${actor.role} may not grant or withdraw delegations`, {
      role: actor.role,
    });
  }
  const level = unitLevel(actor.unit);
  if (level !== 'county' && level !== 'city') {
    throw DomainError.forbidden('not-county-level', `unit ${actor.unit} is not a county or city unit`, {
      unit: actor.unit,
    });
  }
  if (typeof townshipCode !== 'string' || unitLevel(townshipCode) !== 'township') {
    throw DomainError.invalid('townshipCode', 'townshipCode must be a 9-digit township code');
  }
  if (!withinJurisdiction(actor.unit, townshipCode)) {
    throw DomainError.forbidden('outside-jurisdiction', `township ${townshipCode} is outside unit ${actor.unit}`, {
      unit: actor.unit,
      townshipCode,
    });
  }
}

function checkNow(metadata: CommandMetadata, state: DelegationState): number {
  const now = instantMillis(metadata.now);
  if (now === undefined) throw DomainError.invalid('now', 'the command carries no valid ISO 8601 instant');
  const last = state.lastRecordedAt === undefined ? undefined : instantMillis(state.lastRecordedAt);
  if (last !== undefined && now < last) {
    const message = `the command is stamped ${metadata.now}, before ${state.lastRecordedAt}`;
    throw DomainError.conflict('clock-behind', message, {
      now: metadata.now,
      lastRecordedAt: state.lastRecordedAt,
    });
  }
  return now;
}

/** A delegation that exists and is not revoked: the only kind that can be suspended, resumed or revoked. */
function open(state: DelegationState, delegationId: unknown): DelegationRecord {
  const record = state.delegations.find((d) => d.delegationId === delegationId);
  if (!record) {
    throw DomainError.notFound('delegation-not-found', `no delegation ${String(delegationId)} in this township`, {
      delegationId,
    });
  }
  if (record.revocation) {
    const message = `delegation ${record.delegationId} was revoked; revocation is final`;
    throw DomainError.conflict('delegation-revoked', message, {
      delegationId: record.delegationId,
      revokedAt: record.revocation.revokedAt,
    });
  }
  return record;
}

function isSuspended(record: DelegationRecord): boolean {
  const last = record.suspensions[record.suspensions.length - 1];
  return last !== undefined && last.resumedAt === undefined;
}

function evolve(state: DelegationState, event: DelegationEvent): DelegationState {
  switch (event.type) {
    case 'DelegationGranted': {
      const record: DelegationRecord = { ...event.data, suspensions: [] };
      return {
        townshipCode: record.townshipCode,
        delegations: [...state.delegations, record],
        lastRecordedAt: record.grantedAt,
      };
    }
    case 'DelegationSuspended': {
      const { delegationId, reason, suspendedAt } = event.data;
      return update(state, delegationId, suspendedAt, (d) => ({
        ...d,
        suspensions: [...d.suspensions, { suspendedAt, reason }],
      }));
    }
    case 'DelegationResumed': {
      const { delegationId, resumedAt } = event.data;
      return update(state, delegationId, resumedAt, (d) => ({
        ...d,
        suspensions: d.suspensions.map((s, i) => (i === d.suspensions.length - 1 ? { ...s, resumedAt } : s)),
      }));
    }
    case 'DelegationRevoked': {
      const { delegationId, reason, revokedAt } = event.data;
      return update(state, delegationId, revokedAt, (d) => ({ ...d, revocation: { revokedAt, reason } }));
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

function update(
  state: DelegationState,
  delegationId: string,
  at: string,
  change: (record: DelegationRecord) => DelegationRecord,
): DelegationState {
  return {
    ...state,
    delegations: state.delegations.map((d) => (d.delegationId === delegationId ? change(d) : d)),
    lastRecordedAt: at,
  };
}
