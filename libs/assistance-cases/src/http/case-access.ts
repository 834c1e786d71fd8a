import { DomainError } from '@app/ledger/domain';
import { actingRole, type CommandExecutor, type HttpCommandContext, type Principal, type StateResponse } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import { DECIDERS } from '../case.guards';
import type { CaseState } from '../case.state';
import type { DelegationExplanation } from '../case.values';
import type { CaseInputs } from './case-inputs';
import { caseStreamIdOf } from './case-inputs';
import type { CaseDecider } from './cases.providers';

/** What a decision on a case is taken under, found by the server now. */
export interface DecisionInputs {
  readonly state: CaseState;
  /** Spread into the command: a township approver's delegation explanation, or nothing. */
  readonly under: { readonly delegation?: DelegationExplanation };
  /** Stamped on the events when the delegation is in force. */
  readonly delegationId?: string;
}

/**
 * A county reviewer decides without a delegation; a township approver under the one in force for
 * the case's township and programme now (the decider refuses one not in force, and says why).
 */
export async function decisionInputs(
  inputs: CaseInputs,
  context: HttpCommandContext,
  caseId: string,
  amountFen?: number,
): Promise<DecisionInputs> {
  const state = await inputs.caseState(caseId);
  if (actingRole(context.principal, DECIDERS) !== 'township-approver') return { state, under: {} };
  const delegation = await inputs.delegation(state, amountFen);
  return {
    state,
    under: { delegation },
    ...(delegation.inForce ? { delegationId: delegation.delegation.delegationId } : {}),
  };
}

/** Refuses (403) a reader whose unit does not cover the case's township. */
export function assertWithin(principal: Principal, townshipCode: string | null): void {
  if (townshipCode !== null && !withinJurisdiction(principal.unit, townshipCode)) {
    throw DomainError.forbidden(
      'outside-jurisdiction',
      `unit ${principal.unit} has no jurisdiction over township ${townshipCode}`,
      { unit: principal.unit, townshipCode },
    );
  }
}

/** The case as it stands, for a reader whose unit covers its township (else 403). */
export async function readCaseWithin<V = CaseState>(
  executor: CommandExecutor,
  decider: CaseDecider,
  caseId: string,
  principal: Principal,
  view?: (state: CaseState) => V,
): Promise<StateResponse<V>> {
  const response = await executor.readState({ decider, streamId: caseStreamIdOf(caseId) });
  assertWithin(principal, response.state.townshipCode);
  return { ...response, state: view ? view(response.state) : (response.state as unknown as V) };
}
