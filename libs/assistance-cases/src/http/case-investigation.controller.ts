import { CommandContext, type CommandResponse, type HttpCommandContext, ID_SOURCE, type IdSource, Roles } from '@app/platform';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TOWNSHIP_STAFF, TOWNSHIP_STAFF_OR_COUNTY } from '../case.guards';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import type { CaseView } from './case.view';
import { CaseParams } from './dto/case-params.dto';
import {
  ComplaintDto,
  HomeVisitDto,
  MeansCheckDto,
  ObjectionDto,
  PreliminaryOpinionDto,
  StartPublicityDto,
} from './dto/investigation.dto';

/** 调查, 核对, 初审 and 公示: what the township finds and shows before anyone decides. */
@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId')
export class CaseInvestigationController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Post('means-checks')
  @Roles(...TOWNSHIP_STAFF_OR_COUNTY)
  @ApiOperation({ summary: 'record the means-check report (核对报告)' })
  meansCheck(
    @Param() { caseId }: CaseParams,
    @Body() body: MeansCheckDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF_OR_COUNTY, 'RecordMeansCheck', {
      reportRef: body.reportRef,
      requestedOn: body.requestedOn,
      reportedOn: body.reportedOn,
      sourcesChecked: [...body.sourcesChecked],
      findings: { ...body.findings, monthlyIncomeFen: { ...body.findings.monthlyIncomeFen } },
    });
  }

  @Post('home-visits')
  @Roles(...TOWNSHIP_STAFF_OR_COUNTY)
  @ApiOperation({ summary: 'record a home visit (入户调查) by at least two staff; county visits set byCounty' })
  homeVisit(
    @Param() { caseId }: CaseParams,
    @Body() body: HomeVisitDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF_OR_COUNTY, 'RecordHomeVisit', {
      visitId: this.ids.newId(),
      visitedOn: body.visitedOn,
      investigatorIds: [...body.investigatorIds],
      byCounty: body.byCounty,
      mode: body.mode,
      findings: body.findings,
    });
  }

  @Post('preliminary-opinion')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({
    summary: 'give the township preliminary opinion (初审)',
    description: 'An eligible 低保/特困 opinion proposes the amount at the standard in force this month, found by the server.',
  })
  async opinion(
    @Param() { caseId }: CaseParams,
    @Body() body: PreliminaryOpinionDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    const state = await this.inputs.caseState(caseId);
    const standard = body.opinion === 'eligible' ? await this.inputs.standard(state) : undefined;
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'GivePreliminaryOpinion', {
      opinion: body.opinion,
      ...(body.reasons === undefined ? {} : { reasons: [...body.reasons] }),
      ...(body.assessedMonthlyIncomeFen === undefined ? {} : { assessedMonthlyIncomeFen: { ...body.assessedMonthlyIncomeFen } }),
      ...(body.deductibleExpenditureFen === undefined ? {} : { deductibleExpenditureFen: body.deductibleExpenditureFen }),
      ...(standard === undefined ? {} : { standard }),
      ...(body.proposedAmountFen === undefined ? {} : { proposedAmountFen: body.proposedAmountFen }),
    });
  }

  @Post('publicity')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'start the 7-day publicity (公示)' })
  publicity(
    @Param() { caseId }: CaseParams,
    @Body() body: StartPublicityDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'StartPublicity', {
      place: body.place,
      ...(body.from === undefined ? {} : { from: body.from }),
    });
  }

  @Post('objections')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'record an objection during publicity: the case goes back to investigation' })
  objection(
    @Param() { caseId }: CaseParams,
    @Body() body: ObjectionDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordObjection', {
      receivedOn: body.receivedOn,
      summary: body.summary,
      ...(body.personal === undefined ? {} : { personal: { ...body.personal } }),
    });
  }

  @Post('complaints')
  @Roles(...TOWNSHIP_STAFF_OR_COUNTY)
  @ApiOperation({ summary: 'record a complaint or report (投诉举报): the county must visit before approval' })
  complaint(
    @Param() { caseId }: CaseParams,
    @Body() body: ComplaintDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF_OR_COUNTY, 'RecordComplaint', {
      receivedOn: body.receivedOn,
      summary: body.summary,
    });
  }
}
