import { dateInChina } from '@app/calendar';
import { type Clock, CLOCK, CurrentPrincipal, type Principal, Roles } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IntegrityIndex, integrityIndex } from '../read-models/integrity-index.query';
import { WARNINGS_READ_MODEL } from '../read-models/warnings.projection';
import { ALERT_READERS, assertCovers } from './alert-access';
import { IntegrityIndexQuery } from './alerts.dto';

@ApiTags('Alerts')
@ApiBearerAuth('bearer')
@Controller('integrity-index')
export class IntegrityIndexController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...ALERT_READERS)
  @ApiOperation({
    summary: 'the township integrity index of a county as of a day: warnings per 100 active cases, confirmed ratio, overdue close-outs',
    description:
      '`{ unit, date, from, townships: [{ township, activeCases, warnings, closed, confirmed, dismissed, warningsPer100Cases, ' +
      'confirmedRatio, overdueCloseOuts }], total }`. Active cases: 低保 and 特困 cases approved by `date` and not terminated ' +
      'by then. Warnings: raised from `from` (the start when absent) to `date`; closed, confirmed and dismissed: of those, ' +
      'closed by `date`. Overdue close-outs: raised by `date`, unclosed then, past their close-out date. A township ' +
      'official sees their own township only.',
  })
  async index(@Query() query: IntegrityIndexQuery, @CurrentPrincipal() principal: Principal): Promise<IntegrityIndex> {
    const asked = query.county ?? principal.unit;
    assertCovers(principal, asked, 'county');
    await awaitProjection(this.runner, WARNINGS_READ_MODEL, query.waitFor);
    // The narrower of the unit asked about and the caller's own.
    const unit = withinJurisdiction(principal.unit, asked) ? asked : principal.unit;
    return integrityIndex(this.readStore, {
      unit,
      date: query.date ?? dateInChina(this.clock.now().toISOString()),
      from: query.from,
    });
  }
}
