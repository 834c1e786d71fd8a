import type { CpiFigures, StandardSnapshot } from '@app/assistance-cases';
import type { CaseView } from '@app/assistance-cases/http';
import type { CommandResponse } from '@app/platform';
import type { PaymentKind } from '../batch.events';
import type { BatchSummary } from '../batch.queries';
import type { CaseFailure } from './case-scheduling';

export interface BatchRunOptions {
  /** The CPI figures published for the month: with them the run also pays the 价格临时补贴 when they trigger it. */
  readonly priceSubsidy?: { readonly cpi: CpiFigures };
}

export interface PriceSubsidyReport {
  readonly cpi: CpiFigures;
  readonly triggered: boolean;
  /** The 低保 standard of the month the amount is computed on. */
  readonly standard: StandardSnapshot;
  /** Per person and month; 0 when not triggered. */
  readonly perPersonFen: number;
}

export interface BatchRunReport {
  readonly batchId: string;
  /** Whether this run opened the batch (false: it was open already). */
  readonly opened: boolean;
  /** Approved, open cases of the township the run asked. */
  readonly cases: number;
  /** SchedulePayment commands sent: one per case and kind. */
  readonly commands: number;
  readonly kinds: readonly PaymentKind[];
  /** The payments the cases hold in this batch for the month after the run. */
  readonly scheduled: { readonly count: number; readonly totalFen: number };
  readonly refused: number;
  /** Cases that could not be asked; the next run asks them again. */
  readonly failed: readonly CaseFailure[];
  /** New on the batch with this run; a repeated run records nothing again. */
  readonly recordedOnBatch: { readonly payments: number; readonly refusals: number };
  readonly priceSubsidy: PriceSubsidyReport | null;
  readonly eventsAppended: number;
  readonly elapsedMs: number;
}

/** The batch after a run: its summary as `state`, its revision (the ETag), and what the run did. */
export interface BatchRunResponse {
  readonly streamId: string;
  readonly revision: number | null;
  readonly state: BatchSummary;
  readonly run: BatchRunReport;
}

/** What the bank's results changed in the case streams. */
export interface CaseSettlementReport {
  readonly recorded: number;
  /** Results the case streams already held. */
  readonly unchanged: number;
  /** Paid by the bank for a month no longer due when it paid: the case flags them for recovery. */
  readonly flaggedForRecovery: readonly { readonly caseId: string; readonly paymentId: string; readonly reason: string }[];
  /** Results a case refused; the batch keeps the bank's word and reconciliation reports the difference. */
  readonly failed: readonly { readonly caseId: string; readonly paymentId: string; readonly code: string; readonly message: string }[];
}

export interface BatchSettlementResponse {
  readonly streamId: string;
  readonly revision: number | null;
  readonly state: BatchSummary;
  readonly settlement: {
    readonly results: number;
    readonly newOnBatch: number;
    readonly cases: CaseSettlementReport;
    readonly eventsAppended: number;
    readonly elapsedMs: number;
  };
}

export type BatchReconciliationResponse = CommandResponse<BatchSummary> & {
  /** What was read back from the case streams and sent to the batch. */
  readonly caseReadings: { readonly casesRead: number; readonly payments: number; readonly totalFen: number };
};

export type PaymentReissueResponse = CommandResponse<CaseView> & {
  /** The batch that lists the new payment, at its revision after listing it. */
  readonly batch: { readonly streamId: string; readonly revision: number | null };
};
