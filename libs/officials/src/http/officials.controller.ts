import {
  actingRole,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
  CurrentPrincipal,
  type HttpCommandContext,
  ID_SOURCE,
  type IdSource,
  newAggregateId,
  type Principal,
  type StateResponse,
} from '@app/platform';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OfficialsPolicy } from '../officials.policy';
import { officialStreamId } from '../officials.queries';
import { type OfficialView, toOfficialView } from './official.view';
import {
  DeactivateOfficialBody,
  DeclareNearRelativeBody,
  OfficialParams,
  RegisterOfficialBody,
  WithdrawNearRelativeBody,
} from './officials.dto';
import { OFFICIALS_DECIDER, OFFICIALS_POLICY, type OfficialsDecider } from './officials.providers';

/**
 * Officials and their declared near relatives (stream `official-<id>`). No route carries a static
 * role list: who may do what is the policy's (admin by default) and the decider refuses with 403.
 */
@ApiTags('Officials')
@ApiBearerAuth('bearer')
@Controller('officials')
export class OfficialsController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(OFFICIALS_DECIDER) private readonly decider: OfficialsDecider,
    @Inject(OFFICIALS_POLICY) private readonly policy: OfficialsPolicy,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'register an official (RegisterOfficial); admin within their unit',
    description:
      'officialId is the staff number their tokens carry as sub; when absent the server mints one (derived from ' +
      'the Idempotency-Key when one is sent, so a retry finds the same official).',
  })
  register(
    @Body() body: RegisterOfficialBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<OfficialView>> {
    const officialId = body.officialId ?? newAggregateId(context, 'official', this.ids);
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: officialStreamId(officialId),
      role: actingRole(context.principal, this.policy.adminRoles),
      type: 'RegisterOfficial',
      data: { officialId, roles: body.roles, unit: body.unit, personal: { name: body.personal.name } },
      view: (state) => toOfficialView(state, context.principal),
    });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'an official with their declarations; relatives masked unless the reader may see them',
    description:
      "Relatives' ID numbers and names are in the clear for the official themself and for an admin, discipline " +
      "inspector or auditor whose unit covers the official's; masked (relativesMasked: true) for everyone else.",
  })
  read(@Param() { id }: OfficialParams, @CurrentPrincipal() principal: Principal): Promise<StateResponse<OfficialView>> {
    return this.executor.readState({
      decider: this.decider,
      streamId: officialStreamId(id),
      view: (state) => toOfficialView(state, principal),
    });
  }

  @Post(':id/near-relatives')
  @ApiOperation({ summary: 'declare a near relative (DeclareNearRelative); the official themself, or an admin' })
  declare(
    @Param() { id }: OfficialParams,
    @Body() body: DeclareNearRelativeBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<OfficialView>> {
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: officialStreamId(id),
      role: actingRole(context.principal, this.policy.adminRoles),
      type: 'DeclareNearRelative',
      data: {
        officialId: id,
        personal: { idNumber: body.personal.idNumber, name: body.personal.name },
        relation: body.relation,
      },
      view: (state) => toOfficialView(state, context.principal),
    });
  }

  @Post(':id/near-relatives/withdrawals')
  @ApiOperation({ summary: 'withdraw a declaration (WithdrawNearRelative); admin' })
  withdraw(
    @Param() { id }: OfficialParams,
    @Body() body: WithdrawNearRelativeBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<OfficialView>> {
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: officialStreamId(id),
      role: actingRole(context.principal, this.policy.adminRoles),
      type: 'WithdrawNearRelative',
      data: { officialId: id, personal: { idNumber: body.personal.idNumber }, reason: body.reason },
      view: (state) => toOfficialView(state, context.principal),
    });
  }

  @Post(':id/deactivation')
  @ApiOperation({ summary: 'deactivate an official (DeactivateOfficial); admin' })
  deactivate(
    @Param() { id }: OfficialParams,
    @Body() body: DeactivateOfficialBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<OfficialView>> {
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: officialStreamId(id),
      role: actingRole(context.principal, this.policy.adminRoles),
      type: 'DeactivateOfficial',
      data: { officialId: id, reason: body.reason },
      view: (state) => toOfficialView(state, context.principal),
    });
  }
}
