import { dateInChina } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { type Clock, CLOCK, CurrentPrincipal, type Principal } from '@app/platform';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { INSPECTION_CAMPAIGNS, readCampaign } from '../read-models/inspection-campaigns.projection';
import { type CampaignReport, campaignReport, campaignReportCsv } from '../read-models/inspection-report';
import { assertReader } from './inspection.controller';
import { CampaignParams, ReportQuery } from './inspection.dto';

interface CsvResponse {
  setHeader(name: string, value: string): void;
}

/** The campaign report from the `inspection_campaigns` read model; overdue is decided on today's China date. */
@ApiTags('Inspections')
@ApiBearerAuth('bearer')
@Controller('inspections')
export class InspectionReportController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/report')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'visits, findings by class, rectified and overdue rectifications, amounts: JSON, or CSV (Accept: text/csv or ?format=csv)',
    description: 'Send `waitFor=<checkpoint>` from a command response to read your own writes.',
  })
  async report(
    @Param() { id }: CampaignParams,
    @Query() query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: CsvResponse,
  ): Promise<CampaignReport | string> {
    await awaitProjection(this.runner, INSPECTION_CAMPAIGNS, query.waitFor);
    const found = await readCampaign(this.readStore, id);
    if (!found) throw DomainError.notFound('campaign-not-found', `no campaign ${id} in the read model`);
    assertReader(principal, found.state);
    const today = dateInChina(this.clock.now().toISOString());
    const csv = query.format === 'csv' || (query.format === undefined && (accept ?? '').includes('text/csv'));
    if (!csv) return campaignReport(found.state, today);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="inspection-${id}-${today}.csv"`);
    return campaignReportCsv(found.state, today);
  }
}
