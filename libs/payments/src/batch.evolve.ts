import type { BatchEvent } from './batch.events';
import type { BatchPayment, BatchState } from './batch.state';

export function evolve(state: BatchState, event: BatchEvent): BatchState {
  switch (event.type) {
    case 'BatchOpened': {
      const { batchId, townshipCode, month, openedBy, openedAt } = event.data;
      return { ...state, status: 'open', batchId, townshipCode, month, openedBy, openedAt };
    }
    case 'BatchPaymentsRecorded':
      return {
        ...state,
        payments: [...state.payments, ...event.data.payments.map((p) => ({ ...p }))],
        refusals: [...state.refusals, ...event.data.refusals],
      };
    case 'BatchSubmitted': {
      const { bankFileRef, count, totalFen, submittedBy, submittedAt } = event.data;
      return { ...state, status: 'submitted', submission: { bankFileRef, count, totalFen, submittedBy, submittedAt } };
    }
    case 'BankSettlementRecorded': {
      const { results, recordedAt } = event.data;
      const byId = new Map(results.map((r) => [r.paymentId, r]));
      const payments = state.payments.map((p): BatchPayment => {
        const result = byId.get(p.paymentId);
        if (!result) return p;
        const { outcome, bankReference, reason } = result;
        const settlement = { outcome, bankReference, ...(reason !== undefined ? { reason } : {}), recordedAt };
        return { ...p, settlement };
      });
      const allSettled = payments.every((p) => p.settlement !== undefined);
      return { ...state, payments, status: state.status === 'submitted' && allSettled ? 'settled' : state.status };
    }
    case 'BatchReconciled':
      return { ...state, status: event.data.result, reconciliations: [...state.reconciliations, event.data] };
    case 'BatchClosed': {
      const { result, note, closedBy, closedAt } = event.data;
      return {
        ...state,
        status: 'closed',
        closure: { result, ...(note !== undefined ? { note } : {}), closedBy, closedAt },
      };
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
