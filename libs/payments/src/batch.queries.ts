import {
  type CasePayment,
  PAYMENT_KINDS,
  PAYMENT_OUTCOMES,
  type PaymentKind,
  type PaymentOutcome,
} from './batch.events';
import {
  type BatchReconciliation,
  type BatchState,
  type BatchStatus,
  outcomeOf,
} from './batch.state';

export interface AmountTally {
  readonly count: number;
  readonly totalFen: number;
}

export interface BatchSummary {
  readonly batchId: string;
  readonly townshipCode: string;
  readonly month: string;
  readonly status: Exclude<BatchStatus, 'none'>;
  readonly payments: AmountTally;
  /** 'scheduled': no result from the bank yet (every payment, before submission). */
  readonly byOutcome: Readonly<Record<PaymentOutcome, AmountTally>>;
  readonly byKind: Readonly<Record<PaymentKind, AmountTally>>;
  /** Reasons as the case context gave them, in the order first met. */
  readonly refusals: { readonly count: number; readonly byReason: readonly { reason: string; count: number }[] };
  readonly bankFileRef?: string;
  readonly submittedAt?: string;
  readonly reconciliation?: {
    readonly result: BatchReconciliation['result'];
    readonly differenceFen: number;
    readonly differences: number;
    readonly reconciledAt: string;
  };
  readonly closedAt?: string;
}

/** Counts and totals to the 分, by outcome and by kind; undefined before the batch is opened. */
export function batchSummary(state: BatchState): BatchSummary | undefined {
  if (state.status === 'none') return undefined;
  const tally = (pick: (p: BatchState['payments'][number]) => boolean): AmountTally => {
    const chosen = state.payments.filter(pick);
    return { count: chosen.length, totalFen: chosen.reduce((sum, p) => sum + p.amountFen, 0) };
  };
  const byReason = new Map<string, number>();
  for (const refusal of state.refusals) byReason.set(refusal.reason, (byReason.get(refusal.reason) ?? 0) + 1);
  const latest = reconciliation(state);
  return {
    batchId: state.batchId as string,
    townshipCode: state.townshipCode as string,
    month: state.month as string,
    status: state.status,
    payments: tally(() => true),
    byOutcome: Object.fromEntries(PAYMENT_OUTCOMES.map((o) => [o, tally((p) => outcomeOf(p) === o)])) as Record<
      PaymentOutcome,
      AmountTally
    >,
    byKind: Object.fromEntries(PAYMENT_KINDS.map((k) => [k, tally((p) => p.kind === k)])) as Record<
      PaymentKind,
      AmountTally
    >,
    refusals: {
      count: state.refusals.length,
      byReason: [...byReason].map(([reason, count]) => ({ reason, count })),
    },
    ...(state.submission
      ? { bankFileRef: state.submission.bankFileRef, submittedAt: state.submission.submittedAt }
      : {}),
    ...(latest
      ? {
          reconciliation: {
            result: latest.result,
            differenceFen: latest.differenceFen,
            differences: latest.differences.length,
            reconciledAt: latest.reconciledAt,
          },
        }
      : {}),
    ...(state.closure ? { closedAt: state.closure.closedAt } : {}),
  };
}

/** The payments without a result from the bank, in the order recorded. */
export function unsettledPayments(state: BatchState): readonly CasePayment[] {
  return state.payments
    .filter((p) => p.settlement === undefined)
    .map(({ caseId, paymentId, kind, amountFen }) => ({ caseId, paymentId, kind, amountFen }));
}

/** The latest reconciliation, which is the batch's standing; earlier ones stay in state.reconciliations. */
export function reconciliation(state: BatchState): BatchReconciliation | undefined {
  return state.reconciliations[state.reconciliations.length - 1];
}
