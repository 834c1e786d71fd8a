import type { HttpCommandContext } from '@app/platform';
import type { BatchPaymentsRecorded, CasePayment, CaseRefusal } from '../batch.events';
import { chunksOf, recordPaymentsCommandId } from './batch-command-ids';
import type { RunnerContext } from './batch-runner';
import { runOnBatch } from './batch-steps';
import type { ScheduleOutcome } from './case-scheduling';

/** Payments and refusals listed per RecordBatchPayments: bounded events, each a page of the bank file. */
export const RECORD_CHUNK = 500;

type Entry = { readonly payment: CasePayment } | { readonly refusal: CaseRefusal };

/**
 * Lists the cases' answers on the batch in plan order, in chunks. A chunk's command id is derived
 * from its content: two runs that got the same answers send the same commands, and the batch
 * itself drops what it already holds, so nothing is listed twice.
 */
export async function recordOutcomes(
  deps: Pick<RunnerContext, 'executor' | 'batchDecider' | 'batchPolicy'>,
  context: HttpCommandContext,
  batchId: string,
  outcomes: readonly ScheduleOutcome[],
): Promise<{ readonly payments: number; readonly refusals: number; readonly appended: number }> {
  const entries = outcomes.flatMap((o): Entry[] =>
    o.type === 'scheduled' ? [{ payment: o.payment }] : o.type === 'refused' ? [{ refusal: o.refusal }] : [],
  );
  let payments = 0;
  let refusals = 0;
  let appended = 0;
  for (const chunk of chunksOf(entries, RECORD_CHUNK)) {
    const data = {
      batchId,
      payments: chunk.flatMap((e) => ('payment' in e ? [e.payment] : [])),
      refusals: chunk.flatMap((e) => ('refusal' in e ? [e.refusal] : [])),
    };
    const response = await runOnBatch(deps.executor, deps.batchDecider, deps.batchPolicy, {
      context,
      step: 'record-payments',
      type: 'RecordBatchPayments',
      data,
      commandId: recordPaymentsCommandId(batchId, data),
    });
    if (response.replayed) continue;
    appended += response.events.length;
    for (const event of response.events) {
      const recorded = event.data as BatchPaymentsRecorded['data'];
      payments += recorded.payments.length;
      refusals += recorded.refusals.length;
    }
  }
  return { payments, refusals, appended };
}
