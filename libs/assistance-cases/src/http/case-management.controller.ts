import { monthOf } from '@app/calendar';
import {
  type Clock,
  CLOCK,
  CommandContext,
  CommandExecutor,
  type CommandResponse,
  CurrentPrincipal,
  type HttpCommandContext,
  type Principal,
  Roles,
} from '@app/platform';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Entitlement, entitlementFor } from '../case.entitlement';
import { DECIDERS, TOWNSHIP_STAFF } from '../case.guards';
import type { CaseState } from '../case.state';
import type { StandardSnapshot } from '../case.values';
import { decisionInputs, readCaseWithin } from './case-access';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import type { CaseView } from './case.view';
import { CASE_DECIDER, type CaseDecider } from './cases.providers';
import { CaseParams } from './dto/case-params.dto';
import {
  AmountChangeDto,
  ClassifyCaseDto,
  EntitlementQuery,
  GradualExitDto,
  HouseholdChangeDto,
  JobOfferAcceptedDto,
  JobOfferRefusedDto,
  ResumptionDto,
  ReviewDto,
  SuspensionDto,
} from './dto/management.dto';

type Decided = Promise<CommandResponse<CaseView>>;

/**
 * 动态管理 of an approved case (低保 Art. 29–39, 特困 Art. 24–27): review classes and reviews,
 * reported changes, decisions on the amount, 渐退期, job offers, suspension and termination.
 * Amounts are computed by the case from the standard in force, which the server finds.
 */
@ApiTags('Case management')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId')
export class CaseManagementController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
    private readonly executor: CommandExecutor,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('classification')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: "set or change a 低保 case's review class; the next review is counted again" })
  classify(
    @Param() { caseId }: CaseParams,
    @Body() body: ClassifyCaseDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, DECIDERS, 'ClassifyCase', {
      reviewClass: body.reviewClass,
      reasons: [...body.reasons],
    });
  }

  @Post('reviews')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'record a periodic review (定期核查); the event fixes the next due date' })
  review(
    @Param() { caseId }: CaseParams,
    @Body() body: ReviewDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordReview', {
      reviewedOn: body.reviewedOn,
      outcome: body.outcome,
      findings: body.findings,
      ...(body.visitId === undefined ? {} : { visitId: body.visitId }),
    });
  }

  @Post('household-changes')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({
    summary: 'report a change in members, income or assets (低保 Art. 30)',
    description: 'Changes nothing paid by itself: a decision on the amount follows. Deaths come through /death-records.',
  })
  householdChange(
    @Param() { caseId }: CaseParams,
    @Body() body: HouseholdChangeDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { membersJoined, membersLeft, monthlyIncomeFen, assets } = body;
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'ReportHouseholdChange', {
      reportedOn: body.reportedOn,
      source: body.source,
      summary: body.summary,
      ...(membersJoined === undefined
        ? {}
        : { membersJoined: membersJoined.map((m) => ({ relation: m.relation, personal: { ...m.personal } })) }),
      ...(membersLeft === undefined ? {} : { membersLeft: membersLeft.map((m) => ({ ...m })) }),
      ...(monthlyIncomeFen === undefined ? {} : { monthlyIncomeFen: { ...monthlyIncomeFen } }),
      ...(assets === undefined ? {} : { assets: { ...assets } }),
    });
  }

  @Post('amount-change')
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: '增发/减发/停发 from the month after the decision',
    description: 'Computed by the case from the members present, the latest reported income and the standard in force.',
  })
  async changeAmount(
    @Param() { caseId }: CaseParams,
    @Body() body: AmountChangeDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { state, under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const standard = await this.monthlyStandard(state);
    const { deductibleExpenditureFen } = body;
    const data = {
      ...under,
      reasons: [...body.reasons],
      standard,
      ...(deductibleExpenditureFen === undefined ? {} : { deductibleExpenditureFen }),
    };
    return this.commands.run(context, caseId, DECIDERS, 'ChangeAmount', data, delegationId);
  }

  @Post('gradual-exit')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: '渐退期 (低保 Art. 33): employment lifted the reported income above the standard in force' })
  async gradualExit(
    @Param() { caseId }: CaseParams,
    @Body() body: GradualExitDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { state, under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const standard = await this.monthlyStandard(state);
    const data = { ...under, reasons: [...body.reasons], standard };
    return this.commands.run(context, caseId, DECIDERS, 'StartGradualExit', data, delegationId);
  }

  @Post('job-offers/refusals')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: "a refused suitable job offer; the third in a row stops the member's share (低保 Art. 34)" })
  jobOfferRefused(
    @Param() { caseId }: CaseParams,
    @Body() { memberIndex, offeredOn, offer }: JobOfferRefusedDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordJobOfferRefused', { memberIndex, offeredOn, offer });
  }

  @Post('job-offers/acceptances')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'an accepted job offer: the refusals are cleared and a stopped share is lifted' })
  jobOfferAccepted(
    @Param() { caseId }: CaseParams,
    @Body() { memberIndex, acceptedOn, offer }: JobOfferAcceptedDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordJobOfferAccepted', { memberIndex, acceptedOn, offer });
  }

  @Post('suspension')
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: '暂停发放 from the month of `from` (today by default)',
    description:
      'An earlier `from` reaches back: what was paid since becomes recoverable. Scheduled payments of withheld ' +
      'months are named for cancellation.',
  })
  async suspend(
    @Param() { caseId }: CaseParams,
    @Body() body: SuspensionDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const { from } = body;
    const data = { ...under, reasons: [...body.reasons], ...(from === undefined ? {} : { from }) };
    return this.commands.run(context, caseId, DECIDERS, 'SuspendCase', data, delegationId);
  }

  @Post('resumption')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: '恢复发放 from this month; with backPay the withheld months are due after all (补发)' })
  async resume(
    @Param() { caseId }: CaseParams,
    @Body() body: ResumptionDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const { backPay } = body;
    const data = { ...under, reasons: [...body.reasons], ...(backPay === undefined ? {} : { backPay }) };
    return this.commands.run(context, caseId, DECIDERS, 'ResumeCase', data, delegationId);
  }

  @Get('entitlement')
  @ApiOperation({
    summary: 'whether assistance is due for a month by the events known now: the amount and basis, or the reason',
    description:
      'Any role, within its jurisdiction. The month defaults to the current one; a month a payment already holds ' +
      'says so (already-scheduled, already-paid, reissue-pending).',
  })
  async entitlement(
    @Param() { caseId }: CaseParams,
    @Query() query: EntitlementQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ readonly caseId: string; readonly revision: number } & Entitlement> {
    const { revision, state } = await readCaseWithin(this.executor, this.decider, caseId, principal);
    const month = query.month ?? monthOf(this.clock.now().toISOString());
    return { caseId, revision, ...entitlementFor(state, month) };
  }

  /**
   * The standard in force this month. Only a 临时救助 case has none, and the decider refuses it as
   * having no monthly award before it reads the standard.
   */
  private async monthlyStandard(state: CaseState): Promise<StandardSnapshot> {
    return (await this.inputs.standard(state)) as StandardSnapshot;
  }
}
