import {
  CommandContext,
  CommandExecutor,
  type CommandResponse,
  CurrentPrincipal,
  type HttpCommandContext,
  type Principal,
  type Role,
  ROLES,
  Roles,
  type StateResponse,
} from '@app/platform';
import { DomainError } from '@app/ledger/domain';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { batchStreamId } from '../batch.events';
import type { BatchSummary } from '../batch.queries';
import { BatchRunner } from './batch-runner';
import type {
  BatchReconciliationResponse,
  BatchRunResponse,
  BatchSettlementResponse,
} from './batch-runner.types';
import { summaryOf } from './batch-steps';
import { BatchMonthParams, BatchParams, ClosureBody, RunBatchBody, SettlementBody, SubmissionBody } from './dto/batch.dto';
import { BATCH_DECIDER, type BatchDecider } from './payments.providers';

/**
 * Every role the batch policy may ever allow a step to. Which of them may take which step is the
 * policy's (the `payments` section of LEDGER_POLICY_FILE), checked by the batch decider; those who
 * inspect and audit payments never make them, whatever the configuration.
 */
const MAY_MAKE_PAYMENTS: readonly Role[] = ROLES.filter((role) => role !== 'auditor' && role !== 'discipline-inspector');

/**
 * A township's monthly payment batch (stream `batch-<townshipCode>-<YYYYMM>`): the run that asks
 * every approved case for the month, the bank file, the bank's results, the reconciliation with
 * the case streams, the close. Reads are open to every role within the township's jurisdiction.
 */
@ApiTags('Payment batches')
@ApiBearerAuth('bearer')
@Controller('batches')
export class BatchController {
  constructor(
    private readonly runner: BatchRunner,
    private readonly executor: CommandExecutor,
    @Inject(BATCH_DECIDER) private readonly decider: BatchDecider,
  ) {}

  @Post(':townshipCode/:month/run')
  @Roles(...MAY_MAKE_PAYMENTS)
  @ApiOperation({
    summary: "run the township's batch for the month: open it, ask every approved case, list the answers",
    description:
      'Opens the batch when it is not open yet (409 once it went to the bank), sends SchedulePayment to every ' +
      'approved open case of the township under ids derived from case, month and kind, and lists the payments and ' +
      'refusals on the batch. Running it again, even at the same time, pays nobody twice. With `cpi`, the ' +
      '价格临时补贴 is paid through the same batch when the figures trigger it. If-Match, when sent, is the ' +
      'batch revision the run was started on.',
  })
  run(
    @Param() { townshipCode, month }: BatchMonthParams,
    @Body() body: RunBatchBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<BatchRunResponse> {
    const cpi = body.cpi && { month: body.cpi.month, cpiYoY: body.cpi.cpiYoY, foodCpiYoY: body.cpi.foodCpiYoY };
    return this.runner.run(context, townshipCode, month, cpi ? { priceSubsidy: { cpi } } : {});
  }

  @Post(':batchId/submission')
  @Roles(...MAY_MAKE_PAYMENTS)
  @ApiOperation({ summary: 'record that the batch was sent to the bank (SubmitBatchToBank); its list is fixed from now' })
  submit(
    @Param() { batchId }: BatchParams,
    @Body() body: SubmissionBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<BatchSummary>> {
    return this.runner.submit(context, batchId, body.bankFileRef);
  }

  @Post(':batchId/settlement')
  @Roles(...MAY_MAKE_PAYMENTS)
  @ApiOperation({
    summary: "record one bank return file, on the batch and in each case's stream",
    description:
      'The whole file is checked against the batch before any of it is recorded. In the case streams a payment the ' +
      'bank made for a month no longer due is recorded and flagged for recovery; a result a case refuses is reported ' +
      'in `settlement.cases.failed` and shows in the reconciliation.',
  })
  settle(
    @Param() { batchId }: BatchParams,
    @Body() body: SettlementBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<BatchSettlementResponse> {
    const results = body.results.map(({ paymentId, outcome, bankReference, reason }) => ({
      paymentId,
      outcome,
      bankReference,
      ...(reason === undefined ? {} : { reason }),
    }));
    return this.runner.settle(context, batchId, results);
  }

  @Post(':batchId/reconciliation')
  @Roles(...MAY_MAKE_PAYMENTS)
  @ApiOperation({
    summary: 'reconcile the batch with the payments its case streams hold (ReconcileBatch)',
    description:
      'The batch total against the sum of the case payments, to the 分, and payment by payment; a difference is ' +
      'recorded and reported (`reconciled-with-differences`), never absorbed.',
  })
  reconcile(
    @Param() { batchId }: BatchParams,
    @CommandContext() context: HttpCommandContext,
  ): Promise<BatchReconciliationResponse> {
    return this.runner.reconcile(context, batchId);
  }

  @Post(':batchId/closure')
  @Roles(...MAY_MAKE_PAYMENTS)
  @ApiOperation({ summary: 'close the reconciled batch (CloseBatch); on reported differences a note says why' })
  close(
    @Param() { batchId }: BatchParams,
    @Body() body: ClosureBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<BatchSummary>> {
    return this.runner.close(context, batchId, body.note);
  }

  @Get(':batchId')
  @ApiOperation({
    summary: "the batch's summary: counts and totals by outcome and kind, refusals by reason, its standing",
    description: 'ETag is its revision (send it as If-Match). Any role within the township’s jurisdiction; 404 when none.',
  })
  async read(
    @Param() { batchId }: BatchParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StateResponse<BatchSummary>> {
    const response = await this.executor.readState({
      decider: this.decider,
      streamId: batchStreamId(batchId),
      view: summaryOf,
    });
    const township = response.state.townshipCode;
    if (!withinJurisdiction(principal.unit, township)) {
      const message = `unit ${principal.unit} has no jurisdiction over township ${township}`;
      throw DomainError.forbidden('outside-jurisdiction', message, { unit: principal.unit, townshipCode: township });
    }
    return response;
  }
}
