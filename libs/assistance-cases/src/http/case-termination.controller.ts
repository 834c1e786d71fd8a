import { CommandContext, type CommandResponse, type HttpCommandContext, Roles } from '@app/platform';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DECIDERS, TOWNSHIP_STAFF } from '../case.guards';
import { decisionInputs } from './case-access';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import type { CaseView } from './case.view';
import { CaseParams } from './dto/case-params.dto';
import {
  TerminationDto,
  TerminationObjectionDto,
  TerminationPublicityDto,
  TerminationWithdrawalDto,
} from './dto/management.dto';

type Decided = Promise<CommandResponse<CaseView>>;

/** 终止: a proposed termination, its publicity (特困 Art. 25), objections, and the decision. */
@ApiTags('Case management')
@ApiBearerAuth('bearer')
@Controller('cases/:caseId')
export class CaseTerminationController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
  ) {}

  @Post('termination-publicity')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: '特困 Art. 25: publicise a proposed termination and its ground for 7 days' })
  terminationPublicity(
    @Param() { caseId }: CaseParams,
    @Body() body: TerminationPublicityDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'StartTerminationPublicity', {
      ground: body.ground,
      reasons: [...body.reasons],
      place: body.place,
      ...(body.from === undefined ? {} : { from: body.from }),
    });
  }

  @Post('termination-objections')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'an objection during the termination publicity: decided within 15 working days' })
  terminationObjection(
    @Param() { caseId }: CaseParams,
    @Body() body: TerminationObjectionDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordTerminationObjection', {
      receivedOn: body.receivedOn,
      summary: body.summary,
      ...(body.personal === undefined ? {} : { personal: { ...body.personal } }),
    });
  }

  @Post('termination-withdrawal')
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'drop the proposed termination (an objection upheld, or the ground fell away)' })
  async withdrawTermination(
    @Param() { caseId }: CaseParams,
    @Body() body: TerminationWithdrawalDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const data = { ...under, reasons: [...body.reasons] };
    return this.commands.run(context, caseId, DECIDERS, 'WithdrawTermination', data, delegationId);
  }

  @Post('termination')
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: '终止 from the month after the decision',
    description: '低保: with a ground. 特困: after its publicity has run with no objection unanswered.',
  })
  async terminate(
    @Param() { caseId }: CaseParams,
    @Body() body: TerminationDto,
    @CommandContext() context: HttpCommandContext,
  ): Decided {
    const { under, delegationId } = await decisionInputs(this.inputs, context, caseId);
    const { ground } = body;
    const data = { ...under, reasons: [...body.reasons], ...(ground === undefined ? {} : { ground }) };
    return this.commands.run(context, caseId, DECIDERS, 'TerminateCase', data, delegationId);
  }
}
