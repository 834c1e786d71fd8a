import { dateInChina } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import { type Clock, CLOCK, CurrentPrincipal, type Principal, type Role, Roles } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { WARNINGS_READ_MODEL } from '@app/warnings/read-models/warnings.projection';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INSPECTION_CAMPAIGNS } from '../read-models/inspection-campaigns.projection';
import { type IntegrityFigures, integrityFigures } from '../read-models/integrity-figures.query';
import { IntegrityFiguresQuery } from './inspection.dto';

/** Those who supervise, review, inspect or audit; within their unit. */
export const INTEGRITY_FIGURE_READERS: readonly Role[] = ['supervisor', 'county-reviewer', 'discipline-inspector', 'auditor'];

@ApiTags('Inspections')
@ApiBearerAuth('bearer')
@Controller('integrity-figures')
export class IntegrityFiguresController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...INTEGRITY_FIGURE_READERS)
  @ApiOperation({
    summary: 'township and official integrity figures: spot-check error rate, findings, confirmed warnings, overdue rectifications',
    description:
      '`{ unit, from, to, townships: [{ township, sampledCases, visitedSampledCases, sampledCasesWithFinding, spotCheckErrorRate, ' +
      'findings, findingsAmountFen, confirmedWarnings, overdueRectifications }], officials: [{ official, townships, findings, ' +
      'amountFen, byClass }] }` from the inspection_campaigns and warnings read models. 403 outside the caller’s unit; a ' +
      'caller below the county asked about sees their own unit.',
  })
  async figures(@Query() query: IntegrityFiguresQuery, @CurrentPrincipal() principal: Principal): Promise<IntegrityFigures> {
    if (query.county !== undefined && query.township !== undefined && !withinJurisdiction(query.county, query.township)) {
      throw DomainError.invalid('township', `township ${query.township} is not in ${query.county}`);
    }
    const asked = query.township ?? query.county ?? principal.unit;
    if (!withinJurisdiction(principal.unit, asked) && !withinJurisdiction(asked, principal.unit)) {
      throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over ${asked}`, { unit: principal.unit, asked });
    }
    const to = query.to ?? dateInChina(this.clock.now().toISOString());
    if (query.from !== undefined && query.from > to) throw DomainError.invalid('from', `from ${query.from} is after to ${to}`);
    await awaitProjection(this.runner, INSPECTION_CAMPAIGNS, query.waitFor);
    await awaitProjection(this.runner, WARNINGS_READ_MODEL, query.waitFor);
    // The narrower of the unit asked about and the caller's own.
    const unit = withinJurisdiction(principal.unit, asked) ? asked : principal.unit;
    return integrityFigures(this.readStore, { unit, to, ...(query.from === undefined ? {} : { from: query.from }) });
  }
}
