import { type CasePolicy, DEFAULT_CASE_POLICY } from '@app/assistance-cases';
import type { CaseDecider, CaseRegister } from '@app/assistance-cases/http';
import { DomainError } from '@app/ledger/domain';
import type { EventStore } from '@app/ledger/event-store.port';
import {
  type Clock,
  CommandExecutor,
  type CommandResponse,
  type HttpCommandContext,
  type IdSource,
} from '@app/platform';
import type { StandardsReader } from '@app/standards/http';
import { performance } from 'node:perf_hooks';
import { batchIdOf, PAYMENT_KINDS, type PaymentKind, type SettlementResult } from '../batch.events';
import { type BatchPolicy, DEFAULT_BATCH_POLICY } from '../batch.policy';
import type { BatchStatus } from '../batch.state';
import type { BatchSummary } from '../batch.queries';
import { planBatchRun } from '../batch-run.plan';
import { openBatchCommandId } from './batch-command-ids';
import { recordOutcomes } from './batch-recording';
import { priceSubsidyFor, requireRunner } from './batch-run.inputs';
import type {
  BatchReconciliationResponse,
  BatchRunOptions,
  BatchRunResponse,
  BatchSettlementResponse,
  PaymentReissueResponse,
} from './batch-runner.types';
import { settleWithCases } from './batch-settlement';
import {
  issuedContext,
  readBatch,
  requireExisting,
  requireRevisionSeen,
  revisionOf,
  runOnBatch,
  summaryOf,
  withSummary,
} from './batch-steps';
import { readCasePayments } from './case-payment-readings';
import { runBounded } from './bounded-concurrency';
import { type ScheduleOutcome, schedulePlanned } from './case-scheduling';
import { reissueIntoBatch } from './payment-reissue';
import type { BatchDecider } from './payments.providers';

/** Commands in flight at once; on SQLite they share group commits. */
const DEFAULT_CONCURRENCY = 16;

export interface BatchRunnerDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The command path; made from store, clock and ids when not given. */
  readonly executor?: CommandExecutor;
  readonly caseDecider: CaseDecider;
  /** The policy the case decider was made with (its price-subsidy settings); the defaults when not given. */
  readonly casePolicy?: CasePolicy;
  readonly batchDecider: BatchDecider;
  readonly batchPolicy?: BatchPolicy;
  readonly register: Pick<CaseRegister, 'payableCases'>;
  readonly standards: Pick<StandardsReader, 'inForce'>;
  readonly concurrency?: number;
}

export type RunnerContext = Required<BatchRunnerDeps>;

/**
 * A township's monthly payment run through the ledger's one command path: the batch is opened,
 * every approved case is asked for the month (SchedulePayment, under a command id derived from
 * case, month and kind), and the cases' answers are listed on the batch. Then the bank file, the
 * bank's results (on the batch and in each case), and the reconciliation of the batch with what
 * the case streams hold. Nothing here decides an amount: the cases and the batch decide.
 */
export class BatchRunner {
  private readonly deps: RunnerContext;

  constructor(deps: BatchRunnerDeps) {
    this.deps = {
      ...deps,
      executor: deps.executor ?? new CommandExecutor(deps.store, deps.clock, deps.ids),
      casePolicy: deps.casePolicy ?? DEFAULT_CASE_POLICY,
      batchPolicy: deps.batchPolicy ?? DEFAULT_BATCH_POLICY,
      concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
    };
  }

  async run(
    context: HttpCommandContext,
    townshipCode: string,
    month: string,
    options: BatchRunOptions = {},
  ): Promise<BatchRunResponse> {
    const started = performance.now();
    const { batchDecider } = this.deps;
    requireRunner(this.deps.batchPolicy, context, townshipCode, month);
    const batchId = batchIdOf(townshipCode, month);
    const subsidy =
      options.priceSubsidy &&
      (await priceSubsidyFor(this.deps.standards, this.deps.casePolicy, townshipCode, month, options.priceSubsidy.cpi));
    const issued = issuedContext(context, this.deps.ids.newId());

    const before = await readBatch(this.deps.store, batchDecider, batchId);
    requireRevisionSeen(context, before);
    const opening = await this.openIfNeeded(issued, before.state.status, { batchId, townshipCode, month });
    let appended = opening.appended;

    const cases = await this.deps.register.payableCases(townshipCode);
    const kinds: PaymentKind[] = subsidy?.triggered ? [...PAYMENT_KINDS] : ['assistance'];
    const plan = planBatchRun(
      cases.map(({ caseId }) => ({ caseId, townshipCode })),
      month,
      kinds,
    );
    const input = subsidy?.triggered ? { cpi: subsidy.cpi, standard: subsidy.standard } : undefined;
    const asked = await runBounded(plan, this.deps.concurrency, (planned) =>
      schedulePlanned({ ...this.caseSide(issued), planned, ...(input ? { priceSubsidy: input } : {}) }),
    );
    const outcomes = asked.results.filter((o): o is ScheduleOutcome => o !== undefined);
    // What the cases already answered is listed on the batch even when the run stops early.
    const recorded = await recordOutcomes(this.deps, issued, batchId, outcomes);
    if (asked.error !== undefined) throw asked.error;

    appended += recorded.appended;
    const scheduled = outcomes.flatMap((o) => (o.type === 'scheduled' ? [o.payment] : []));
    for (const o of outcomes) if (o.type !== 'failed') appended += o.appended;
    const after = await readBatch(this.deps.store, batchDecider, batchId);
    return {
      streamId: after.streamId,
      revision: revisionOf(after),
      state: summaryOf(after.state),
      run: {
        batchId,
        opened: opening.opened,
        cases: cases.length,
        commands: plan.length,
        kinds,
        scheduled: { count: scheduled.length, totalFen: scheduled.reduce((sum, p) => sum + p.amountFen, 0) },
        refused: outcomes.filter((o) => o.type === 'refused').length,
        failed: outcomes.flatMap((o) => (o.type === 'failed' ? [o.failure] : [])),
        recordedOnBatch: { payments: recorded.payments, refusals: recorded.refusals },
        priceSubsidy: subsidy ?? null,
        eventsAppended: appended,
        elapsedMs: Math.round(performance.now() - started),
      },
    };
  }

  /** Sends the batch to the bank: If-Match and Idempotency-Key apply to this one command. */
  async submit(context: HttpCommandContext, batchId: string, bankFileRef: string): Promise<CommandResponse<BatchSummary>> {
    const { executor, batchDecider, batchPolicy } = this.deps;
    const data = { batchId, bankFileRef };
    const response = await runOnBatch(executor, batchDecider, batchPolicy, {
      context,
      step: 'submit',
      type: 'SubmitBatchToBank',
      data,
    });
    return withSummary(response);
  }

  /** One bank return file: on the batch (checked whole first), then in each case stream. */
  settle(context: HttpCommandContext, batchId: string, results: readonly SettlementResult[]): Promise<BatchSettlementResponse> {
    return settleWithCases(this.deps, context, batchId, results);
  }

  /**
   * Reads the batch's payments back from its case streams and reconciles the batch with them: the
   * batch total against the sum of the case payments, payment by payment. A difference is
   * recorded in BatchReconciled and reported; nothing on either side is adjusted to match.
   */
  async reconcile(context: HttpCommandContext, batchId: string): Promise<BatchReconciliationResponse> {
    const { store, caseDecider, executor, batchDecider, batchPolicy, register, concurrency } = this.deps;
    const batch = requireExisting(await readBatch(store, batchDecider, batchId), batchId);
    // The batch's own cases, and any case of the township paid into it without the batch knowing.
    const payable = await register.payableCases(batch.townshipCode);
    const caseIds = [...batch.payments, ...batch.refusals, ...payable].map((c) => c.caseId);
    const read = await readCasePayments(store, caseDecider, batchId, caseIds, concurrency);
    const response = await runOnBatch(executor, batchDecider, batchPolicy, {
      context,
      step: 'reconcile',
      type: 'ReconcileBatch',
      data: {
        batchId,
        casePaymentsTotalFen: read.totalFen,
        casePaymentCount: read.readings.length,
        perCase: read.readings,
      },
    });
    return {
      ...withSummary(response),
      caseReadings: { casesRead: read.casesRead, payments: read.readings.length, totalFen: read.totalFen },
    };
  }

  async close(context: HttpCommandContext, batchId: string, note?: string): Promise<CommandResponse<BatchSummary>> {
    const { executor, batchDecider, batchPolicy } = this.deps;
    const data = { batchId, ...(note === undefined ? {} : { note }) };
    const response = await runOnBatch(executor, batchDecider, batchPolicy, { context, step: 'close', type: 'CloseBatch', data });
    return withSummary(response);
  }

  /** Pays a failed or returned payment again, once, through an open batch of the case's township. */
  reissue(context: HttpCommandContext, caseId: string, paymentId: string, batchId: string): Promise<PaymentReissueResponse> {
    return reissueIntoBatch(this.deps, context, { caseId, paymentId, batchId });
  }

  /**
   * Opens the batch under a command id of its own, so that two runs starting at once open it once;
   * an open batch takes the run, one sent to the bank refuses it.
   */
  private async openIfNeeded(
    context: HttpCommandContext,
    status: BatchStatus,
    data: { readonly batchId: string; readonly townshipCode: string; readonly month: string },
  ): Promise<{ readonly opened: boolean; readonly appended: number }> {
    if (status === 'open') return { opened: false, appended: 0 };
    if (status !== 'none') {
      const message = `batch ${data.batchId} was submitted to the bank: a run can add nothing to it`;
      throw DomainError.conflict('batch-submitted', message, { batchId: data.batchId, status });
    }
    const { executor, batchDecider, batchPolicy } = this.deps;
    try {
      const opened = await runOnBatch(executor, batchDecider, batchPolicy, {
        context,
        step: 'open',
        type: 'OpenBatch',
        data,
        commandId: openBatchCommandId(data.batchId),
      });
      const appended = opened.replayed ? 0 : opened.events.length;
      return { opened: appended > 0, appended };
    } catch (error) {
      // Opened meanwhile under another command: the run goes on in the open batch.
      if (error instanceof DomainError && error.code === 'batch-exists' && error.details.status === 'open') {
        return { opened: false, appended: 0 };
      }
      throw error;
    }
  }

  private caseSide(context: HttpCommandContext) {
    const { executor, caseDecider, casePolicy } = this.deps;
    return { executor, decider: caseDecider, policy: casePolicy, context };
  }
}
