import { DomainError } from '@app/ledger/domain';
import {
  actingRole,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
  type HttpCommandContext,
  type StateResponse,
} from '@app/platform';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StandardsPolicy } from '../standards.policy';
import { type StandardInForce, standardRegionsFor, standardStreamId } from '../standards.queries';
import {
  ListStandardsQuery,
  SetStandardBody,
  StandardInForceQuery,
  StandardRegionParams,
  StandardUnitParams,
} from './standards.dto';
import { STANDARDS_DECIDER, STANDARDS_POLICY, type StandardsDecider } from './standards.providers';
import { StandardsReader } from './standards.reader';
import { type StandardsView, toStandardsView } from './standards.view';

/** Assistance standards by region (stream `standard-<region>`). Reads are open to every signed-in role. */
@ApiTags('Standards')
@ApiBearerAuth('bearer')
@Controller('standards')
export class StandardsController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: StandardsReader,
    @Inject(STANDARDS_DECIDER) private readonly decider: StandardsDecider,
    @Inject(STANDARDS_POLICY) private readonly policy: StandardsPolicy,
  ) {}

  /** Who may set one is the policy's (admin by default) and the decider says no to anyone else. */
  @Post(':region')
  @ApiOperation({
    summary: 'set the standard of a programme from a month on (SetStandard); admin within their unit',
    description:
      'Setting the same value again records nothing. A 特困 standard below 1.3 × the 低保 standard in force is a 400 ' +
      'on monthlyFen; a 低保 standard that would leave a 特困 one below the ratio is a 409.',
  })
  set(
    @Param() { region }: StandardRegionParams,
    @Body() body: SetStandardBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<StandardsView>> {
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: standardStreamId(region),
      role: actingRole(context.principal, this.policy.setterRoles),
      type: 'SetStandard',
      data: {
        region,
        programme: body.programme,
        monthlyFen: body.monthlyFen,
        effectiveFrom: body.effectiveFrom,
        ...(body.document === undefined ? {} : { document: body.document }),
      },
      view: (state) => toStandardsView(state),
    });
  }

  @Get(':region')
  @ApiOperation({ summary: "every standard set in the region's own stream, with its revision as ETag; 404 when none" })
  list(
    @Param() { region }: StandardRegionParams,
    @Query() { programme }: ListStandardsQuery,
  ): Promise<StateResponse<StandardsView>> {
    return this.executor.readState({
      decider: this.decider,
      streamId: standardStreamId(region),
      view: (state) => toStandardsView(state, programme),
    });
  }

  @Get(':region/in-force')
  @ApiOperation({
    summary: 'the standard in force for a month: the county’s own, else its city’s; 404 when none',
    description: 'A township or county code is answered from its county’s stream first, then its city’s.',
  })
  async inForce(
    @Param() { region }: StandardUnitParams,
    @Query() { programme, month }: StandardInForceQuery,
  ): Promise<StandardInForce & { readonly month: string }> {
    const regions = standardRegionsFor(region);
    const found = await this.reader.inForce(regions, programme, month);
    if (!found) {
      throw DomainError.notFound(
        'standard-not-in-force',
        `no ${programme} standard is in force in ${month} for ${region} (looked in ${regions.join(', ')})`,
        { regions, programme, month },
      );
    }
    return { month, ...found };
  }
}
