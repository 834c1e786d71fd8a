import { TOWNSHIP_STAFF } from '@app/assistance-cases';
import { CaseCommands, type CaseView } from '@app/assistance-cases/http';
import { CommandContext, type CommandResponse, type HttpCommandContext, Roles } from '@app/platform';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BatchRunner } from './batch-runner';
import type { PaymentReissueResponse } from './batch-runner.types';
import { CancellationBody, CasePaymentParams, ReissueBody } from './dto/case-payment.dto';

/** A case's own payments: paying a failed or returned one again, taking a scheduled one out of its batch. */
@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId/payments/:paymentId')
export class CasePaymentController {
  constructor(
    private readonly runner: BatchRunner,
    private readonly commands: CaseCommands,
  ) {}

  @Post('reissue')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({
    summary: 'pay a failed or returned payment again, once, through an open batch of the township (ReissuePayment)',
    description:
      'The case pays what is due for the month now, never more than the original, and the new payment is listed on ' +
      'the batch. The server mints the new payment id (from the Idempotency-Key when sent): a retry is the same ' +
      'reissue, a second reissue of the payment is a 409.',
  })
  reissue(
    @Param() { caseId, paymentId }: CasePaymentParams,
    @Body() body: ReissueBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<PaymentReissueResponse> {
    return this.runner.reissue(context, caseId, paymentId, body.batchId);
  }

  @Post('cancellation')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({
    summary: 'take a scheduled payment out of its batch before the bank pays it (CancelPayment)',
    description: 'A batch already listing it keeps it: the reconciliation reports the cancelled payment.',
  })
  cancel(
    @Param() { caseId, paymentId }: CasePaymentParams,
    @Body() body: CancellationBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'CancelPayment', { paymentId, reasons: [...body.reasons] });
  }
}
