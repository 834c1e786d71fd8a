import type { CaseEvent } from '@app/assistance-cases/case.events';
import type { DecisionMaker } from '@app/assistance-cases/case.values';
import type { RecordedEvent } from '@app/ledger/envelope';
import { caseTypes } from './rule-support';

/** The decisions taken on a case, and what their events say about who took them and how. */

export const DECISION_TYPES = caseTypes(
  'CaseApproved',
  'CaseRejected',
  'EmergencyAssistanceGranted',
  'AmountChanged',
  'GradualExitStarted',
  'CaseSuspended',
  'CaseResumed',
  'TerminationWithdrawn',
  'CaseTerminated',
  'RecoveryOrdered',
  'FraudFineImposed',
);

/** For summaries. */
export const DECISION_ZH: Readonly<Record<string, string>> = {
  CaseApproved: '审核确认（批准）',
  CaseRejected: '审核确认（不予批准）',
  EmergencyAssistanceGranted: '临时救助先行发放',
  AmountChanged: '增发/减发/停发',
  GradualExitStarted: '渐退期',
  CaseSuspended: '暂停发放',
  CaseResumed: '恢复发放',
  TerminationWithdrawn: '撤回终止',
  CaseTerminated: '终止',
  RecoveryOrdered: '追回',
  FraudFineImposed: '罚款',
};

export interface Decision {
  readonly decidedBy: DecisionMaker;
  /** The delegation the event names: its data, else its decider's record, else its metadata. */
  readonly recordedDelegationId: string | null;
  /** 临时救助: the one-off amount, which a delegation's cap limits; 0 otherwise. */
  readonly amountFen: number;
  /** A fine is the county's alone. */
  readonly countyOnly: boolean;
}

/** The decision an event records, or null: not a decision, or a termination by rule (decidedBy null). */
export function decisionOf(event: RecordedEvent<CaseEvent>): Decision | null {
  const fromMetadata = event.metadata.delegationId ?? null;
  const made = (decidedBy: DecisionMaker | null, delegationId: string | null, amountFen = 0): Decision | null =>
    decidedBy === null
      ? null
      : {
          decidedBy,
          recordedDelegationId: delegationId ?? decidedBy.delegationId ?? fromMetadata,
          amountFen,
          countyOnly: false,
        };
  switch (event.type) {
    case 'CaseApproved': {
      const award = event.data.award;
      return made(event.data.decidedBy, event.data.delegationId, award.kind === 'one-off' ? award.amountFen : 0);
    }
    case 'EmergencyAssistanceGranted':
      return made(event.data.decidedBy, event.data.delegationId, event.data.amountFen);
    case 'CaseRejected':
    case 'AmountChanged':
    case 'GradualExitStarted':
    case 'CaseSuspended':
    case 'CaseResumed':
    case 'TerminationWithdrawn':
    case 'CaseTerminated':
    case 'RecoveryOrdered':
      return made(event.data.decidedBy, event.data.delegationId);
    case 'FraudFineImposed': {
      const decision = made(event.data.decidedBy, null);
      return decision && { ...decision, countyOnly: true };
    }
    default:
      return null;
  }
}
