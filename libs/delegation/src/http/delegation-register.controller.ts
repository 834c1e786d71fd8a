import { DomainError } from '@app/ledger/domain';
import { type Clock, CLOCK, CurrentPrincipal, type Principal } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { localDateOfMillis } from '../delegation.time';
import { DELEGATION_REGISTER } from '../read-models/delegation-register.projection';
import { type DelegationRegisterPage, queryDelegationRegister } from '../read-models/delegation-register.query';
import { DelegationRegisterQuery } from './delegation-register.dto';

/**
 * The delegation register across townships, from its read model. Every signed-in role may read
 * it, within its unit: a township's staff see their township, a county's officials their
 * county, the city's all.
 */
@ApiTags('Delegation')
@ApiBearerAuth('bearer')
@Controller('delegation-register')
export class DelegationRegisterController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'the delegations recorded by a date, each with its status on that date, with totals per status',
    description:
      'status on the date: in-force, suspended, revoked, expired or not-yet-valid; a change counts from the local ' +
      'date it was recorded (a delegation suspended on a day is not in force on it). Within the reader’s unit: a ' +
      'township or county outside it is a 403. `totals` counts every status under the other filters; `total` is ' +
      'what the pages run through. The date is today (China time) when absent.',
  })
  async list(@Query() query: DelegationRegisterQuery, @CurrentPrincipal() principal: Principal): Promise<DelegationRegisterPage> {
    if (query.township) assertWithin(principal, 'township', query.township);
    if (query.county) assertWithin(principal, 'county', query.county);
    if (query.township && query.county && !withinJurisdiction(query.county, query.township)) {
      throw DomainError.invalid('township', `township ${query.township} is not in county ${query.county}`, {
        township: query.township,
        county: query.county,
      });
    }
    await awaitProjection(this.runner, DELEGATION_REGISTER, query.waitFor);
    return queryDelegationRegister(this.readStore, {
      date: query.date ?? localDateOfMillis(this.clock.now().getTime()),
      within: principal.unit,
      township: query.township,
      county: query.county,
      programme: query.programme,
      status: query.status,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
    });
  }
}

/** Refuses (403) a township or county the reader's unit does not cover. */
function assertWithin(principal: Principal, level: 'township' | 'county', code: string): void {
  if (!withinJurisdiction(principal.unit, code)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over ${level} ${code}`, {
      unit: principal.unit,
      [level]: code,
    });
  }
}
