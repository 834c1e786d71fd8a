import { DomainError } from '@app/ledger/domain';
import type { ImposeFraudFine, OrderRecovery, RecordRepayment } from './case.commands';
import type { DeadlineDeps } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, authorizeDecision, COUNTY_REVIEWER, todayOf, TOWNSHIP_STAFF_OR_COUNTY } from './case.guards';
import { overpayments } from './case-management.queries';
import type { RecoveryRecord } from './case-management.state';
import { requireManaged } from './case-management.validation';
import type { CaseState } from './case.state';
import { requireFen, requireId, requirePastDate, requireReasons, requireText } from './case.validation';

/** 追回 and 罚款 (暂行办法 Art. 68): recovery of overpayments, repayments, the fraud fine. */

const MANAGED = ['approved', 'suspended', 'terminated'] as const;

/** Orders the recovery of every overpayment not yet ordered; the amount comes from the case. */
export function orderRecovery(command: OrderRecovery, state: CaseState): CaseEvent[] {
  const decidedBy = authorizeDecision(command, state, 'order a recovery');
  requireManaged(state, MANAGED, 'order a recovery');
  const recoveryId = requireId(command.data.recoveryId, 'recoveryId');
  if (state.recoveries.some((r) => r.recoveryId === recoveryId)) {
    throw DomainError.conflict('recovery-id-in-use', `recovery ${recoveryId} is already ordered`);
  }
  const reasons = requireReasons(command.data.reasons, 'reasons');
  const items = overpayments(state)
    .filter((o) => o.overpaidFen > o.orderedFen)
    .map((o) => ({
      paymentId: o.paymentId,
      month: o.month,
      kind: o.kind,
      amountFen: o.overpaidFen - o.orderedFen,
      reason: o.reason,
    }));
  if (items.length === 0) throw DomainError.conflict('no-overpayment', 'no overpayment is left to recover');
  return [
    {
      type: 'RecoveryOrdered',
      data: {
        caseId: state.caseId as string,
        recoveryId,
        orderedOn: todayOf(command),
        decidedBy,
        delegationId: decidedBy.delegationId ?? null,
        reasons,
        amountFen: items.reduce((sum, i) => sum + i.amountFen, 0),
        items,
      },
    },
  ];
}

export function recordRepayment(command: RecordRepayment, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'record a repayment');
  const recovery = requireRecovery(state, command.data.recoveryId);
  const d = command.data;
  const today = todayOf(command);
  const amountFen = requireFen(d.amountFen, 'amountFen', { positive: true });
  const outstanding = recovery.amountFen - recovery.repaidFen;
  if (amountFen > outstanding) {
    throw DomainError.conflict(
      'repayment-exceeds-outstanding',
      `${amountFen} 分 is more than the ${outstanding} 分 outstanding`,
      { outstandingFen: outstanding },
    );
  }
  const paidOn = requirePastDate(d.paidOn, 'paidOn', today);
  if (paidOn < recovery.orderedOn) {
    throw DomainError.invalid('paidOn', `paidOn ${paidOn} is before the recovery was ordered (${recovery.orderedOn})`);
  }
  return [
    {
      type: 'RepaymentRecorded',
      data: {
        caseId: state.caseId as string,
        recoveryId: recovery.recoveryId,
        amountFen,
        paidOn,
        recordedOn: today,
        receiptRef: d.receiptRef === undefined ? null : requireText(d.receiptRef, 'receiptRef', 100),
        outstandingFen: outstanding - amountFen,
      },
    },
  ];
}

/**
 * The fine on the amount obtained (the recovery order's amount, whatever has been repaid), a
 * multiple within the policy's bounds (1–3 by law), in hundredths; one fine per recovery.
 */
export function imposeFraudFine(command: ImposeFraudFine, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, COUNTY_REVIEWER, 'impose a fraud fine');
  const recovery = requireRecovery(state, command.data.recoveryId);
  if (recovery.fine !== null) {
    throw DomainError.conflict(
      'fine-already-imposed',
      `a fine of ${recovery.fine.amountFen} 分 is imposed (${recovery.fine.decisionRef})`,
    );
  }
  const { min, max } = deps.policy.fraudFineMultiple;
  const multiple = command.data.multiple;
  const hundredths = typeof multiple === 'number' ? Math.round(multiple * 100) : Number.NaN;
  if (
    typeof multiple !== 'number' ||
    !Number.isFinite(multiple) ||
    multiple < min ||
    multiple > max ||
    Math.abs(multiple * 100 - hundredths) > 1e-9
  ) {
    throw DomainError.invalid('multiple', `multiple must be between ${min} and ${max}, in hundredths`);
  }
  const { id: officialId, unit } = command.metadata.actor;
  return [
    {
      type: 'FraudFineImposed',
      data: {
        caseId: state.caseId as string,
        recoveryId: recovery.recoveryId,
        imposedOn: todayOf(command),
        decidedBy: { officialId, unit, level: 'county' },
        decisionRef: requireText(command.data.decisionRef, 'decisionRef', 100),
        multiple,
        baseAmountFen: recovery.amountFen,
        amountFen: Math.round((recovery.amountFen * hundredths) / 100),
      },
    },
  ];
}

function requireRecovery(state: CaseState, value: unknown): RecoveryRecord {
  const recoveryId = requireId(value, 'recoveryId');
  const recovery = state.recoveries.find((r) => r.recoveryId === recoveryId);
  if (recovery === undefined) {
    throw DomainError.notFound('recovery-not-found', `case ${state.caseId} has no recovery ${recoveryId}`);
  }
  return recovery;
}
