import {
  CommandContext,
  CommandExecutor,
  type CommandResponse,
  CurrentPrincipal,
  type HttpCommandContext,
  ID_SOURCE,
  type IdSource,
  newAggregateId,
  type Principal,
  Roles,
} from '@app/platform';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTY_REVIEWER, DECIDERS, TOWNSHIP_STAFF_OR_COUNTY } from '../case.guards';
import { type Overpayment, overpayments, unrecoveredOverpaymentFen } from '../case-management.queries';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import { decisionInputs, readCaseWithin } from './case-access';
import type { CaseView } from './case.view';
import { CASE_DECIDER, type CaseDecider } from './cases.providers';
import { CaseParams } from './dto/case-params.dto';
import { FraudFineDto, OrderRecoveryDto, RecoveryParams, RepaymentDto } from './dto/recovery.dto';

export interface OverpaymentsView {
  readonly caseId: string;
  readonly revision: number;
  readonly overpayments: readonly Overpayment[];
  /** Overpaid and not yet in a recovery order, in 分. */
  readonly unrecoveredFen: number;
}

type Decided = Promise<CommandResponse<CaseView>>;

/**
 * 追回 and 罚款 (暂行办法 Art. 68): what was paid but not due by the events known now, its
 * recovery order, repayments, and the county's fine.
 */
@ApiTags('Case management')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId')
export class CaseRecoveryController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
    private readonly executor: CommandExecutor,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Get('overpayments')
  @ApiOperation({
    summary: 'payments made beyond what is due by the events known now, and what no recovery order covers yet',
    description: 'Any role, within its jurisdiction.',
  })
  async overpayments(
    @Param() { caseId }: CaseParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OverpaymentsView> {
    const { revision, state } = await readCaseWithin(this.executor, this.decider, caseId, principal);
    return { caseId, revision, overpayments: overpayments(state), unrecoveredFen: unrecoveredOverpaymentFen(state) };
  }

  @Post('recoveries')
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: 'order the recovery of every overpayment not yet ordered (追回)',
    description: 'The amount is the sum of the overpayments, computed by the case; the recovery id is minted by the server.',
  })
  async order(
    @Param() { caseId }: CaseParams,
    @Body() body: OrderRecoveryDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    // Derived from an Idempotency-Key when one is sent, so a retry addresses the same recovery.
    const recoveryId = newAggregateId(context, 'recovery', this.ids);
    const data = { ...under, recoveryId, reasons: [...body.reasons] };
    return this.commands.run(context, caseId, DECIDERS, 'OrderRecovery', data, delegationId);
  }

  @Post('recoveries/:recoveryId/repayments')
  @Roles(...TOWNSHIP_STAFF_OR_COUNTY)
  @ApiOperation({ summary: 'record money repaid against a recovery order' })
  repayment(
    @Param() { caseId, recoveryId }: RecoveryParams,
    @Body() body: RepaymentDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF_OR_COUNTY, 'RecordRepayment', {
      recoveryId,
      amountFen: body.amountFen,
      paidOn: body.paidOn,
      ...(body.receiptRef === undefined ? {} : { receiptRef: body.receiptRef }),
    });
  }

  @Post('recoveries/:recoveryId/fraud-fine')
  @Roles(...COUNTY_REVIEWER)
  @ApiOperation({ summary: 'the fine on an amount obtained by fraud: 1–3 times it, by the county (one per recovery)' })
  fraudFine(
    @Param() { caseId, recoveryId }: RecoveryParams,
    @Body() body: FraudFineDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, COUNTY_REVIEWER, 'ImposeFraudFine', {
      recoveryId,
      multiple: body.multiple,
      decisionRef: body.decisionRef,
    });
  }
}
