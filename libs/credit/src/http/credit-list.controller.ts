import { dateInChina } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { type Clock, CLOCK, CurrentPrincipal, type Principal } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HOUSEHOLD_CREDIT } from '../read-models/household-credit.projection';
import { type CreditListPage, queryHouseholdCredit } from '../read-models/household-credit.query';
import { CreditListQuery } from './credit.dto';

/** Households with credit records, from the `household_credit` read model, within the reader's unit. */
@ApiTags('Credit')
@ApiBearerAuth('bearer')
@Controller('credit')
export class CreditListController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'households with credit records by township and grade, with totals per grade',
    description: 'grade is good, general, serious or grave (守信 / 一般 / 较重 / 严重失信). A township outside the reader’s unit is a 403.',
  })
  async list(@Query() query: CreditListQuery, @CurrentPrincipal() principal: Principal): Promise<CreditListPage> {
    if (query.township && !withinJurisdiction(principal.unit, query.township)) {
      throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over township ${query.township}`, {
        unit: principal.unit,
        township: query.township,
      });
    }
    await awaitProjection(this.runner, HOUSEHOLD_CREDIT, query.waitFor);
    return queryHouseholdCredit(this.readStore, {
      within: principal.unit,
      township: query.township,
      grade: query.grade,
      today: dateInChina(this.clock.now().toISOString()),
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
    });
  }
}
