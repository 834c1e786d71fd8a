import type { CasePolicy } from '@app/assistance-cases';
import { CASE_DECIDER, CASE_POLICY, type CaseDecider, CaseRegister, CasesHttpModule } from '@app/assistance-cases/http';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import { type Clock, CLOCK, CommandExecutor, ID_SOURCE, type IdSource } from '@app/platform';
import { StandardsHttpModule, StandardsReader } from '@app/standards/http';
import { Module, type Provider } from '@nestjs/common';
import type { BatchPolicy } from '../batch.policy';
import { BatchController } from './batch.controller';
import { BatchRunner } from './batch-runner';
import { CasePaymentController } from './case-payment.controller';
import { PaymentLedgerController } from './payment-ledger.controller';
import { BATCH_DECIDER, BATCH_POLICY, type BatchDecider, paymentsProviders } from './payments.providers';

const batchRunnerProvider: Provider = {
  provide: BatchRunner,
  inject: [
    EVENT_STORE,
    CLOCK,
    ID_SOURCE,
    CommandExecutor,
    CASE_DECIDER,
    CASE_POLICY,
    BATCH_DECIDER,
    BATCH_POLICY,
    CaseRegister,
    StandardsReader,
  ],
  useFactory: (
    store: EventStore,
    clock: Clock,
    ids: IdSource,
    executor: CommandExecutor,
    caseDecider: CaseDecider,
    casePolicy: CasePolicy,
    batchDecider: BatchDecider,
    batchPolicy: BatchPolicy,
    register: CaseRegister,
    standards: StandardsReader,
  ): BatchRunner =>
    new BatchRunner({ store, clock, ids, executor, caseDecider, casePolicy, batchDecider, batchPolicy, register, standards }),
};

/**
 * Payment batches over HTTP, and the case routes that pay or take back a single payment. The
 * cases are asked through CasesHttpModule's decider and register; the price subsidy's 低保
 * standard comes from StandardsReader. The batch policy is the `payments` section of
 * LEDGER_POLICY_FILE over the defaults (BATCH_POLICY).
 */
@Module({
  imports: [CasesHttpModule, StandardsHttpModule],
  controllers: [BatchController, CasePaymentController, PaymentLedgerController],
  providers: [...paymentsProviders, batchRunnerProvider],
  exports: [BatchRunner, BATCH_DECIDER, BATCH_POLICY],
})
export class PaymentsHttpModule {}
