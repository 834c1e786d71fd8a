import { CommandContext, type CommandResponse, type HttpCommandContext, Roles } from '@app/platform';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTY_REVIEWER, DECIDERS, TOWNSHIP_APPROVER, TOWNSHIP_STAFF } from '../case.guards';
import type { DelegationExplanation } from '../case.values';
import { decisionInputs } from './case-access';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import type { CaseView } from './case.view';
import { CaseParams } from './dto/case-params.dto';
import {
  ApproveCaseDto,
  ConfirmCaseDto,
  EmergencyPaymentDto,
  ExtendDeadlineDto,
  RejectCaseDto,
  RejectionNoticeDto,
  SubmitForCountyConfirmationDto,
} from './dto/decision.dto';

const delegationIdOf = (explanation: DelegationExplanation): string | undefined =>
  explanation.inForce ? explanation.delegation.delegationId : undefined;

/**
 * 审核确认: a township decides under the delegation in force at that moment, or the county
 * confirms. The amount, the standard and the delegation are found by the server, never sent.
 */
@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId')
export class CaseDecisionController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
  ) {}

  @Post('approval')
  @Roles(...TOWNSHIP_APPROVER)
  @ApiOperation({
    summary: 'approve at township level under the delegation in force now',
    description:
      'Without a delegation for the programme the approval becomes a submission for county confirmation; with one that ' +
      'is expired, suspended, revoked or over its cap, a 403 says why.',
  })
  async approve(
    @Param() { caseId }: CaseParams,
    @Body() body: ApproveCaseDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    const state = await this.inputs.caseState(caseId);
    const delegation = await this.inputs.delegation(state, body.amountFen);
    const standard = await this.inputs.standard(state);
    return this.commands.run(
      context,
      caseId,
      TOWNSHIP_APPROVER,
      'ApproveCase',
      {
        delegation,
        ...(standard === undefined ? {} : { standard }),
        ...(body.amountFen === undefined ? {} : { amountFen: body.amountFen }),
      },
      delegationIdOf(delegation),
    );
  }

  @Post('rejection')
  @Roles(...TOWNSHIP_APPROVER)
  @ApiOperation({ summary: 'reject at township level under the delegation in force now, with reasons' })
  async reject(
    @Param() { caseId }: CaseParams,
    @Body() body: RejectCaseDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    const delegation = await this.inputs.delegation(await this.inputs.caseState(caseId));
    return this.commands.run(
      context,
      caseId,
      TOWNSHIP_APPROVER,
      'RejectCase',
      { delegation, reasons: [...body.reasons] },
      delegationIdOf(delegation),
    );
  }

  @Post('county-confirmation-requests')
  @Roles(...TOWNSHIP_APPROVER)
  @ApiOperation({ summary: "submit the township's recommendation for county confirmation" })
  submitToCounty(
    @Param() { caseId }: CaseParams,
    @Body() body: SubmitForCountyConfirmationDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_APPROVER, 'SubmitForCountyConfirmation', {
      recommendation: body.recommendation,
      ...(body.reasons === undefined ? {} : { reasons: [...body.reasons] }),
    });
  }

  @Post('county-confirmation')
  @Roles(...COUNTY_REVIEWER)
  @ApiOperation({ summary: 'county confirmation (审核确认): approve or reject' })
  async confirm(
    @Param() { caseId }: CaseParams,
    @Body() body: ConfirmCaseDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    const standard = body.outcome === 'approve' ? await this.inputs.standard(await this.inputs.caseState(caseId)) : undefined;
    return this.commands.run(context, caseId, COUNTY_REVIEWER, 'ConfirmCase', {
      outcome: body.outcome,
      ...(body.reasons === undefined ? {} : { reasons: [...body.reasons] }),
      ...(standard === undefined ? {} : { standard }),
      ...(body.amountFen === undefined ? {} : { amountFen: body.amountFen }),
    });
  }

  @Post('rejection-notice')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'record that the written rejection notice was sent (due within 3 working days)' })
  rejectionNotice(
    @Param() { caseId }: CaseParams,
    @Body() body: RejectionNoticeDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordRejectionNotice', {
      sentOn: body.sentOn,
      method: body.method,
    });
  }

  @Post('deadline-extension')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'extend the case deadline once, from 30 to 45 working days, with a reason' })
  extend(
    @Param() { caseId }: CaseParams,
    @Body() body: ExtendDeadlineDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, DECIDERS, 'ExtendDeadline', { reason: body.reason });
  }

  @Post('emergency-payments')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: '临时救助 pay-first (先行救助) within the delegated cap; paperwork follows' })
  async payEmergency(
    @Param() { caseId }: CaseParams,
    @Body() body: EmergencyPaymentDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    // A county reviewer pays without a delegation; a township approver under the one in force.
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId, body.amountFen);
    return this.commands.run(
      context,
      caseId,
      DECIDERS,
      'PayEmergencyAssistance',
      { amountFen: body.amountFen, need: body.need, ...under },
      delegationId,
    );
  }

  @Post('emergency-paperwork')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'record that the paperwork of a pay-first case is complete' })
  completePaperwork(
    @Param() { caseId }: CaseParams,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'CompleteEmergencyPaperwork', {});
  }
}
