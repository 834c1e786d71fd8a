import { TOWNSHIP_STAFF } from '@app/assistance-cases';
import { CaseCommands, caseStreamIdOf } from '@app/assistance-cases/http';
import { load } from '@app/ledger/command-handler';
import { DomainError } from '@app/ledger/domain';
import { type HttpCommandContext, newAggregateId } from '@app/platform';
import { recordReissueCommandId } from './batch-command-ids';
import type { RunnerContext } from './batch-runner';
import type { PaymentReissueResponse } from './batch-runner.types';
import { issuedContext, readBatch, requireExisting, runOnBatch } from './batch-steps';

export interface ReissueTarget {
  readonly caseId: string;
  readonly paymentId: string;
  /** The open batch of the case's township that pays the new payment. */
  readonly batchId: string;
}

/**
 * The case decides the reissue (once per payment, never more than is due now); the new payment is
 * then listed on the batch that pays it. The batch is checked first: a reissue no open batch of
 * the case's township can carry would be money the bank never sees. The new payment id is minted
 * here, from the Idempotency-Key when there is one, so a retry is the same reissue and a second
 * reissue of the same payment is refused by the case.
 */
export async function reissueIntoBatch(
  deps: RunnerContext,
  context: HttpCommandContext,
  { caseId, paymentId, batchId }: ReissueTarget,
): Promise<PaymentReissueResponse> {
  const batch = requireExisting(await readBatch(deps.store, deps.batchDecider, batchId), batchId);
  if (batch.status !== 'open') {
    const message = `batch ${batchId} was submitted to the bank: a reissue goes into an open batch`;
    throw DomainError.conflict('batch-submitted', message, { batchId, status: batch.status });
  }
  const { state, revision } = await load(deps.store, deps.caseDecider, caseStreamIdOf(caseId));
  if (revision !== 'no-stream' && state.townshipCode !== batch.townshipCode) {
    const message = `batch ${batchId} pays township ${batch.townshipCode}; case ${caseId} is in ${state.townshipCode}`;
    throw DomainError.invalid('batchId', message);
  }

  const newPaymentId = `reissue-${newAggregateId(context, 'payment-reissue', deps.ids)}`;
  const commands = new CaseCommands(deps.executor, deps.caseDecider, deps.clock, deps.casePolicy);
  const reissued = await commands.run(context, caseId, TOWNSHIP_STAFF, 'ReissuePayment', {
    paymentId,
    newPaymentId,
    batchId,
  });
  const payment = reissued.state.payments.find((p) => p.paymentId === newPaymentId);
  if (payment === undefined) throw new Error(`case ${caseId} holds no payment ${newPaymentId} after its reissue`);

  const correlationId = reissued.events[0]?.metadata.correlationId ?? deps.ids.newId();
  const listed = await runOnBatch(deps.executor, deps.batchDecider, deps.batchPolicy, {
    context: issuedContext(context, correlationId),
    step: 'record-payments',
    type: 'RecordBatchPayments',
    data: {
      batchId,
      payments: [{ caseId, paymentId: newPaymentId, kind: payment.kind, amountFen: payment.amountFen }],
      refusals: [],
    },
    commandId: recordReissueCommandId(batchId, newPaymentId),
  });
  return { ...reissued, batch: { streamId: listed.streamId, revision: listed.revision } };
}
