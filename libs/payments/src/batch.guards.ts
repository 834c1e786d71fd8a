import { isInstant } from '@app/calendar';
import { type Command, DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { BatchCommand, OpenBatch } from './batch.commands';
import type { BatchPolicy, BatchStep } from './batch.policy';
import type { BatchState } from './batch.state';
import { requireId } from './batch.validation';

/** The policy's roles for the step; checked before anything else, as it needs no state. */
export function requireRole(command: Command, policy: BatchPolicy, step: BatchStep): void {
  const role = command.metadata.actor.role;
  const allowed = policy.rolesAllowed[step];
  if (!(allowed as readonly string[]).includes(role)) {
    throw DomainError.forbidden('role-not-allowed', `a ${role} may not ${step} a payment batch`, {
      role,
      allowed: [...allowed],
    });
  }
}

/** Events carry metadata.now as the instant of what they record; it must be one. */
export function requireNow(command: Command): string {
  if (!isInstant(command.metadata.now)) {
    throw DomainError.invalid('metadata.now', 'the command carries no ISO 8601 instant with an offset');
  }
  return command.metadata.now;
}

/** The batch exists, the command names it, and the actor's unit covers its township. */
export function requireBatch(command: Exclude<BatchCommand, OpenBatch>, state: BatchState): void {
  const batchId = requireId(command.data.batchId, 'batchId');
  if (state.status === 'none' || state.townshipCode === undefined) {
    throw DomainError.notFound('batch-not-found', `there is no batch ${batchId}`, { batchId });
  }
  if (batchId !== state.batchId) {
    throw DomainError.invalid('batchId', `batchId ${batchId} is not this batch (${state.batchId})`);
  }
  requireJurisdiction(command, state.townshipCode);
}

export function requireJurisdiction(command: BatchCommand, townshipCode: string): void {
  const unit = command.metadata.actor.unit;
  if (!withinJurisdiction(unit, townshipCode)) {
    const message = `unit ${unit} has no jurisdiction over township ${townshipCode}`;
    throw DomainError.forbidden('outside-jurisdiction', message, { unit, townshipCode });
  }
}

/** The acting official as events name them: the three fields, nothing else the token held. */
export function actorOf(command: Command): Actor {
  const { id, role, unit } = command.metadata.actor;
  return { id, role, unit };
}
