import { EVENT_STORE, type EventStore } from '@app/ledger';
import {
  type Clock,
  CLOCK,
  CommandContext,
  CommandExecutor,
  type CommandResponse,
  CurrentPrincipal,
  type HttpCommandContext,
  type Principal,
  type RecordedEventView,
  Roles,
  toRecordedEventView,
} from '@app/platform';
import type { ProjectionProgress, ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WARNING_DECIDER } from '../nest/warnings.providers';
import { type AlertView, evolveAlert } from '../read-models/alert.view';
import { type AlertListItem, type AlertPage, listItem, queryAlerts } from '../read-models/alerts.query';
import { WARNINGS_READ_MODEL } from '../read-models/warnings.projection';
import type { WarningDecider } from '../warning.decider';
import { type WarningEvent, warningStreamId } from '../warning.events';
import type { WarningState } from '../warning.state';
import { ALERT_HANDLERS, ALERT_READERS, assertCovers, assertWarningWithin, roleForWarning, type WarningAction } from './alert-access';
import { AcknowledgeBody, AlertListQuery, CloseBody, EscalateBody, RouteBody, WarningParams } from './alerts.dto';

/** `GET /alerts/:warningId`: the alert now, its revision (the ETag commands send as If-Match) and every event of its stream. */
export interface AlertDetail {
  readonly streamId: string;
  readonly revision: number;
  readonly state: AlertListItem;
  readonly events: readonly RecordedEventView[];
}

@ApiTags('Alerts')
@ApiBearerAuth('bearer')
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(WARNING_DECIDER) private readonly decider: WarningDecider,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...ALERT_READERS)
  @ApiOperation({
    summary: "warnings in the caller's jurisdiction, newest first, by township, county, rule, severity, status, level and age",
    description:
      '`{ items, page, pageSize, total }`; each item the alert with `ageDays`, `closeOverdue`, `acknowledgementOverdue`. ' +
      'List parameters take comma-separated values. A township or county outside the caller’s unit is a 403.',
  })
  async list(@Query() query: AlertListQuery, @CurrentPrincipal() principal: Principal): Promise<AlertPage> {
    if (query.township) assertCovers(principal, query.township, 'township');
    if (query.county) assertCovers(principal, query.county, 'county');
    await awaitProjection(this.runner, WARNINGS_READ_MODEL, query.waitFor);
    const now = this.clock.now();
    return queryAlerts(
      this.readStore,
      {
        unit: principal.unit,
        township: query.township,
        county: query.county,
        rules: query.rule,
        severities: query.severity,
        statuses: query.status,
        levels: query.level,
        raisedBefore:
          query.olderThanDays === undefined ? undefined : new Date(now.getTime() - query.olderThanDays * 86_400_000).toISOString(),
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 20,
      },
      now.toISOString(),
    );
  }

  @Get(':warningId')
  @Roles(...ALERT_READERS)
  @ApiOperation({
    summary: 'one warning: the alert as it stands and every event of its stream (the evidence, routing, acknowledgements, closure)',
    description: 'Read from the ledger, not the read model; `revision` is sent as ETag. 404 for an unknown warning.',
  })
  async detail(@Param() { warningId }: WarningParams, @CurrentPrincipal() principal: Principal): Promise<AlertDetail> {
    const streamId = warningStreamId(warningId);
    const events = await this.store.readStream(streamId);
    let alert: AlertView | undefined;
    for (const event of events) alert = evolveAlert(alert, event as never);
    if (!alert) throw new RangeError(`stream ${streamId} holds no WarningRaised`);
    assertWarningWithin(principal, alert.jurisdiction);
    return { streamId, revision: alert.revision, state: listItem(alert, this.clock.now().toISOString()), events: events.map(toRecordedEventView) };
  }

  @Post(':warningId/acknowledgement')
  @Roles(...ALERT_HANDLERS)
  @ApiOperation({
    summary: 'say the warning is being looked into at its current level (AcknowledgeWarning); stops its escalation there',
    description: 'An official of the level it sits at, within its jurisdiction (township: approver or supervisor of the township; county: reviewer or supervisor of the county or city; discipline: inspector). 409 when already acknowledged or closed.',
  })
  async acknowledge(
    @Param() { warningId }: WarningParams,
    @Body() body: AcknowledgeBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<WarningState>> {
    const on = await this.on(context, warningId, 'acknowledge');
    return this.executor.run({ ...on, type: 'AcknowledgeWarning', data: { warningId, note: body.note ?? null } });
  }

  @Post(':warningId/escalation')
  @Roles(...ALERT_HANDLERS)
  @ApiOperation({
    summary: 'send the warning one level up by hand (EscalateWarning, by-hand)',
    description: 'An official of its level or above. 409 at the top level, or when `from` is given and it has moved since.',
  })
  async escalate(
    @Param() { warningId }: WarningParams,
    @Body() body: EscalateBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<WarningState>> {
    const on = await this.on(context, warningId, 'escalate');
    return this.executor.run({
      ...on,
      type: 'EscalateWarning',
      data: { warningId, reason: 'by-hand', note: body.note ?? null, ...(body.from === undefined ? {} : { from: body.from }) },
    });
  }

  @Post(':warningId/routing')
  @Roles(...ALERT_HANDLERS)
  @ApiOperation({
    summary: 'send the warning to another level (RouteWarning: 转办 to the township, 移送 to discipline inspection)',
    description: 'County level or above. The acknowledgement clock restarts there.',
  })
  async route(
    @Param() { warningId }: WarningParams,
    @Body() body: RouteBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<WarningState>> {
    const on = await this.on(context, warningId, 'route');
    return this.executor.run({ ...on, type: 'RouteWarning', data: { warningId, level: body.level } });
  }

  @Post(':warningId/closure')
  @Roles(...ALERT_HANDLERS)
  @ApiOperation({
    summary: 'close the warning with a finding (CloseWarning): confirmed with evidence, or dismissed with a reason',
    description: 'An official of its level or above. `confirmed` needs at least one item of evidence. 409 when already closed.',
  })
  async close(
    @Param() { warningId }: WarningParams,
    @Body() body: CloseBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<WarningState>> {
    const on = await this.on(context, warningId, 'close');
    return this.executor.run({
      ...on,
      type: 'CloseWarning',
      data: { warningId, finding: body.finding, reason: body.reason, evidence: body.evidence ?? [] },
    });
  }

  /**
   * What every command on a warning shares: its stream, the decider, and the role the caller acts
   * under where the warning sits (read first; 404 when there is no such warning). The command path
   * reads the stream again and decides on what it finds then.
   */
  private async on(context: HttpCommandContext, warningId: string, action: WarningAction) {
    const streamId = warningStreamId(warningId);
    const { state } = await this.executor.readState<WarningEvent, WarningState>({ decider: this.decider, streamId });
    return { context, decider: this.decider, streamId, role: roleForWarning(context.principal, state.jurisdiction, state.level, action) };
  }
}
