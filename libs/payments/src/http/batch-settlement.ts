import type { PaymentSettled } from '@app/assistance-cases';
import { caseStreamIdOf } from '@app/assistance-cases/http';
import { dateInChina } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import { actingRole, type HttpCommandContext } from '@app/platform';
import { performance } from 'node:perf_hooks';
import type { RecordBankSettlement } from '../batch.commands';
import type { BankSettlementRecorded, SettlementResult } from '../batch.events';
import type { BatchState } from '../batch.state';
import { bankSettlementCommandId, caseSettlementCommandId, chunksOf } from './batch-command-ids';
import { RECORD_CHUNK } from './batch-recording';
import type { RunnerContext } from './batch-runner';
import type { BatchSettlementResponse, CaseSettlementReport } from './batch-runner.types';
import { issuedContext, readBatch, requireExisting, requireRevisionSeen, revisionOf, runOnBatch, summaryOf } from './batch-steps';
import { runBounded } from './bounded-concurrency';
import { CASE_PAYMENT_STAFF } from './case-scheduling';

/**
 * One bank return file. The batch takes it first, in chunks, after the whole file was decided
 * against the batch in memory, so that a bad line refuses the file before any of it is recorded.
 * Then each result goes to its case stream (RecordSettlement), where the case records it as it
 * happened and flags a payment made for a month no longer due. A case that refuses a result is
 * reported; the batch keeps the bank's word, and the reconciliation shows the difference.
 */
export async function settleWithCases(
  deps: RunnerContext,
  context: HttpCommandContext,
  batchId: string,
  results: readonly SettlementResult[],
): Promise<BatchSettlementResponse> {
  const started = performance.now();
  const { executor, batchDecider, batchPolicy } = deps;
  const before = await readBatch(deps.store, batchDecider, batchId);
  requireRevisionSeen(context, before);
  const batch = requireExisting(before, batchId);
  const issued = issuedContext(context, deps.ids.newId());
  const chunks = chunksOf(results, RECORD_CHUNK);
  checkWhole(deps, issued, batch, batchId, chunks);

  let appended = 0;
  let newOnBatch = 0;
  for (const chunk of chunks) {
    const data = { batchId, results: chunk };
    const response = await runOnBatch(executor, batchDecider, batchPolicy, {
      context: issued,
      step: 'record-settlement',
      type: 'RecordBankSettlement',
      data,
      commandId: bankSettlementCommandId(batchId, data),
    });
    if (response.replayed) continue;
    appended += response.events.length;
    for (const event of response.events) newOnBatch += (event.data as BankSettlementRecorded['data']).results.length;
  }

  const cases = await settleCases(deps, issued, batch, results);
  appended += cases.appended;
  const after = await readBatch(deps.store, batchDecider, batchId);
  return {
    streamId: after.streamId,
    revision: revisionOf(after),
    state: summaryOf(after.state),
    settlement: {
      results: results.length,
      newOnBatch,
      cases: cases.report,
      eventsAppended: appended,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}

function checkWhole(
  deps: RunnerContext,
  context: HttpCommandContext,
  batch: BatchState,
  batchId: string,
  chunks: readonly (readonly SettlementResult[])[],
): void {
  const { principal } = context;
  const role = actingRole(principal, deps.batchPolicy.rolesAllowed['record-settlement']);
  const metadata = { now: deps.clock.now().toISOString(), actor: { id: principal.sub, role, unit: principal.unit } };
  if (chunks.length === 0) throw DomainError.invalid('results', 'a settlement needs at least one result');
  let state = batch;
  for (const results of chunks) {
    const command: RecordBankSettlement = { type: 'RecordBankSettlement', data: { batchId, results }, metadata };
    state = deps.batchDecider.decide(command, state).reduce(deps.batchDecider.evolve, state);
  }
}

async function settleCases(
  deps: RunnerContext,
  context: HttpCommandContext,
  batch: BatchState,
  results: readonly SettlementResult[],
): Promise<{ readonly report: CaseSettlementReport; readonly appended: number }> {
  const caseOf = new Map(batch.payments.map((p) => [p.paymentId, p.caseId]));
  const settledOn = dateInChina(deps.clock.now().toISOString());
  const role = actingRole(context.principal, CASE_PAYMENT_STAFF);
  const sent = await runBounded(results, deps.concurrency, async (result) => {
    const caseId = caseOf.get(result.paymentId) as string;
    const { paymentId, outcome, bankReference, reason } = result;
    try {
      const response = await deps.executor.run({
        context,
        decider: deps.caseDecider,
        streamId: caseStreamIdOf(caseId),
        role,
        type: 'RecordSettlement',
        data: { caseId, paymentId, outcome, bankReference, settledOn, ...(reason === undefined ? {} : { reason }) },
        commandId: caseSettlementCommandId(paymentId, outcome, bankReference),
        view: () => null,
      });
      const settled = response.events.find((e) => e.type === 'PaymentSettled')?.data as PaymentSettled['data'] | undefined;
      return {
        ok: true as const,
        appended: response.replayed ? 0 : response.events.length,
        flagged: settled?.notDue ? { caseId, paymentId, reason: settled.notDue.reason } : undefined,
      };
    } catch (error) {
      if (!(error instanceof DomainError) && !(error instanceof WrongExpectedRevisionError)) throw error;
      return { ok: false as const, failure: { caseId, paymentId, code: error.code, message: error.message } };
    }
  });
  if (sent.error !== undefined) throw sent.error;
  const done = sent.results.filter((r) => r !== undefined);
  const recorded = done.filter((r) => r.ok && r.appended > 0).length;
  return {
    appended: done.reduce((sum, r) => sum + (r.ok ? r.appended : 0), 0),
    report: {
      recorded,
      unchanged: done.filter((r) => r.ok).length - recorded,
      flaggedForRecovery: done.flatMap((r) => (r.ok && r.flagged ? [r.flagged] : [])),
      failed: done.flatMap((r) => (r.ok ? [] : [r.failure])),
    },
  };
}
