import type { WorkingCalendar } from '@app/calendar';
import { type Clock, CLOCK, CurrentPrincipal, type Principal, Roles } from '@app/platform';
import { type ProjectionProgress, type ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TOWNSHIP_STAFF_OR_COUNTY } from '../case.guards';
import { WORK_QUEUE } from '../read-models/work-queue.projection';
import { queryWorkQueue, type WorkQueuePage } from '../read-models/work-queue.query';
import { assertWithin } from './case-access';
import { WORKING_CALENDAR } from './cases.providers';
import { WorkQueueQuery } from './dto/work-queue.dto';

@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('work-queue')
export class WorkQueueController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  @Get()
  @Roles(...TOWNSHIP_STAFF_OR_COUNTY)
  @ApiOperation({
    summary: 'the open cases of a township (or county): next step, who may take it, due by, working days left, overdue, not before',
    description: "Township staff and county reviewers, within their unit (another unit's queue is a 403).",
  })
  async list(@Query() query: WorkQueueQuery, @CurrentPrincipal() principal: Principal): Promise<WorkQueuePage> {
    const unitCode = query.township ?? principal.unit;
    assertWithin(principal, unitCode);
    await awaitProjection(this.runner, WORK_QUEUE, query.waitFor);
    return queryWorkQueue(
      this.readStore,
      {
        unitCode,
        status: query.status,
        overdueOnly: query.overdue === 'true',
        sort: query.sort ?? 'due',
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 20,
      },
      this.clock.now().toISOString(),
      this.calendar,
    );
  }
}
