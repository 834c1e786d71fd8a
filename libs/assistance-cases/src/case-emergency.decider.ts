import { DomainError } from '@app/ledger/domain';
import type { CompleteEmergencyPaperwork, PayEmergencyAssistance } from './case.commands';
import { type DeadlineDeps, emergencyPaperworkDue } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, DECIDERS, requireStatus, requireTownshipUnit, todayOf, TOWNSHIP_STAFF } from './case.guards';
import { type CaseState, unmetCountyVisitGrounds } from './case.state';
import type { DecisionMaker } from './case.values';
import { requireDelegation, requireFen, requireText } from './case.validation';

/**
 * 急难型临时救助: help is paid first (先行救助) and the paperwork — home visit, and the county's
 * visit where one is required — is completed afterwards, within the policy's working days.
 */

export function payEmergencyAssistance(
  command: PayEmergencyAssistance,
  state: CaseState,
  deps: DeadlineDeps,
): CaseEvent[] {
  const townshipCode = authorize(command, state, DECIDERS, 'pay emergency assistance');
  if (state.programme !== 'temporary' || state.track !== 'emergency') {
    throw DomainError.conflict('not-an-emergency-case', 'only an emergency 临时救助 case is paid before its procedure');
  }
  requireStatus(state, ['submitted'], 'pay emergency assistance');
  const d = command.data;
  const amountFen = requireFen(d.amountFen, 'amountFen', { positive: true });
  const need = requireText(d.need, 'need');
  const actor = command.metadata.actor;
  let decidedBy: DecisionMaker = { officialId: actor.id, unit: actor.unit, level: 'county' };

  if (actor.role === 'township-approver') {
    requireTownshipUnit(command, townshipCode);
    if (d.delegation === undefined) {
      throw DomainError.invalid('delegation', 'a township pays first only under a delegation: delegation is required');
    }
    const delegation = requireDelegation(d.delegation, 'delegation', townshipCode, 'temporary');
    const cap = delegation.inForce ? delegation.delegation.maxAmountFen : delegation.maxAmountFen;
    if (!delegation.inForce || (cap !== undefined && amountFen > cap)) {
      const reason = delegation.inForce ? 'over-cap' : delegation.reason;
      throw DomainError.forbidden(
        'delegation-not-in-force',
        `the township holds no delegation in force for this payment: ${reason}`,
        {
          reason,
          ...(cap === undefined ? {} : { maxAmountFen: cap }),
        },
      );
    }
    // A township paying a relative of its own staff before anyone else has looked is the case
    // the near-relative rule exists for: the county pays first in those cases.
    if (state.nearRelative) {
      throw DomainError.forbidden(
        'near-relative-county-only',
        'emergency help in a near-relative case is paid by the county',
      );
    }
    decidedBy = { ...decidedBy, level: 'township', delegationId: delegation.delegation.delegationId };
  }

  const today = todayOf(command);
  return [
    {
      type: 'EmergencyAssistanceGranted',
      data: {
        caseId: state.caseId as string,
        grantedOn: today,
        amountFen,
        need,
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        paperworkDueBy: emergencyPaperworkDue(deps, today),
      },
    },
  ];
}

export function completeEmergencyPaperwork(command: CompleteEmergencyPaperwork, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'complete the paperwork of emergency assistance');
  requireStatus(state, ['emergency-granted'], 'complete the paperwork');
  if (state.visits.length === 0) {
    throw DomainError.conflict(
      'home-visit-missing',
      'the paperwork of emergency assistance needs a home visit on record',
    );
  }
  const grounds = unmetCountyVisitGrounds(state);
  if (grounds.length > 0) {
    throw DomainError.conflict(
      'county-home-visit-required',
      `the county must visit the household (${grounds.join(', ')})`,
      { grounds },
    );
  }
  const emergency = state.emergency as NonNullable<CaseState['emergency']>;
  const today = todayOf(command);
  return [
    {
      type: 'EmergencyPaperworkCompleted',
      data: {
        caseId: state.caseId as string,
        completedOn: today,
        visitIds: state.visits.map((v) => v.visitId),
        late: today > emergency.paperworkDueBy,
      },
    },
  ];
}
