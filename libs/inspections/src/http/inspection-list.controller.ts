import { dateInChina } from '@app/calendar';
import { type Clock, CLOCK, CurrentPrincipal, type Principal } from '@app/platform';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CampaignListPage, listCampaigns } from '../read-models/inspection-campaigns.list';
import { INSPECTION_CAMPAIGNS } from '../read-models/inspection-campaigns.projection';
import { CampaignListQuery } from './inspection.dto';

/** The campaigns a caller may read, from the `inspection_campaigns` read model; overdue is judged on today's China date. */
@ApiTags('Inspections')
@ApiBearerAuth('bearer')
@Controller('inspections')
export class InspectionListController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'the campaigns within the caller’s jurisdiction, newest first: status, period, sample size, findings and rectification counts',
    description:
      'Readers as for GET /inspections/:id: the campaign’s unit and those above it, and the townships of its scope. ' +
      '`{ items: [{ campaignId, title, unit, scope, openedAt, status, sample, visits, findings: { total, amountFen }, ' +
      'rectifications: { total, open, overdue, closedOut }, revision }], page, pageSize, total }`.',
  })
  async list(@Query() query: CampaignListQuery, @CurrentPrincipal() principal: Principal): Promise<CampaignListPage> {
    await awaitProjection(this.runner, INSPECTION_CAMPAIGNS, query.waitFor);
    const today = dateInChina(this.clock.now().toISOString());
    return listCampaigns(this.readStore, { unit: principal.unit, page: query.page ?? 1, pageSize: query.pageSize ?? 20 }, today);
  }
}
