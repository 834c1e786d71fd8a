import type { PaymentEvent } from './case-payments.events';
import type { PaymentRecord, RecoveryRecord } from './case-management.state';
import type { CaseState } from './case.state';

/** Folds a payment or recovery event into the case; total over PaymentEvent, never refuses. */
export function evolvePayments(state: CaseState, event: PaymentEvent): CaseState {
  switch (event.type) {
    case 'PaymentScheduled': {
      const d = event.data;
      return { ...state, payments: [...state.payments, scheduled(d, null)] };
    }
    case 'PaymentRefused': {
      const { batchId, month, kind, reason } = event.data;
      return { ...state, paymentRefusals: [...state.paymentRefusals, { batchId, month, kind, reason }] };
    }
    case 'PaymentSettled': {
      const d = event.data;
      return withPayment(state, d.paymentId, (p) => ({
        ...p,
        status: 'paid',
        settledOn: d.settledOn,
        bankReference: d.bankReference,
        flaggedForRecovery: d.notDue !== null,
      }));
    }
    case 'PaymentFailed':
    case 'PaymentReturned': {
      const d = event.data;
      const status = event.type === 'PaymentFailed' ? 'failed' : 'returned';
      return withPayment(state, d.paymentId, (p) => ({
        ...p,
        status,
        settledOn: d.settledOn,
        bankReference: d.bankReference,
        flaggedForRecovery: false,
      }));
    }
    case 'PaymentCancelled':
      return withPayment(state, event.data.paymentId, (p) => ({ ...p, status: 'cancelled' }));
    case 'PaymentReissued': {
      const d = event.data;
      const marked = withPayment(state, d.originalPaymentId, (p) => ({ ...p, reissuedAs: d.paymentId }));
      return { ...marked, payments: [...marked.payments, scheduled(d, d.originalPaymentId)] };
    }
    case 'RecoveryOrdered': {
      const d = event.data;
      const recovery: RecoveryRecord = {
        recoveryId: d.recoveryId,
        orderedOn: d.orderedOn,
        amountFen: d.amountFen,
        items: d.items.map(({ paymentId, month, amountFen }) => ({ paymentId, month, amountFen })),
        repaidFen: 0,
        fine: null,
      };
      return { ...state, recoveries: [...state.recoveries, recovery] };
    }
    case 'RepaymentRecorded':
      return withRecovery(state, event.data.recoveryId, (r) => ({
        ...r,
        repaidFen: r.repaidFen + event.data.amountFen,
      }));
    case 'FraudFineImposed': {
      const { multiple, amountFen, decisionRef } = event.data;
      return withRecovery(state, event.data.recoveryId, (r) => ({ ...r, fine: { multiple, amountFen, decisionRef } }));
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

function scheduled(
  d: {
    paymentId: string;
    batchId: string;
    month: string;
    kind: PaymentRecord['kind'];
    amountFen: number;
    basis: PaymentRecord['basis'];
  } & ({ scheduledOn: string } | { reissuedOn: string }),
  reissueOf: string | null,
): PaymentRecord {
  return {
    paymentId: d.paymentId,
    batchId: d.batchId,
    month: d.month,
    kind: d.kind,
    amountFen: d.amountFen,
    scheduledOn: 'scheduledOn' in d ? d.scheduledOn : d.reissuedOn,
    basis: d.basis,
    status: 'scheduled',
    settledOn: null,
    bankReference: null,
    flaggedForRecovery: false,
    reissueOf,
    reissuedAs: null,
  };
}

function withPayment(state: CaseState, paymentId: string, change: (p: PaymentRecord) => PaymentRecord): CaseState {
  return { ...state, payments: state.payments.map((p) => (p.paymentId === paymentId ? change(p) : p)) };
}

function withRecovery(state: CaseState, recoveryId: string, change: (r: RecoveryRecord) => RecoveryRecord): CaseState {
  return { ...state, recoveries: state.recoveries.map((r) => (r.recoveryId === recoveryId ? change(r) : r)) };
}
