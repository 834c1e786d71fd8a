import { CurrentPrincipal, type Principal, RequestValidationException, Roles } from '@app/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ALERT_READERS, assertCovers } from './alert-access';
import { AlertStreamService, type EventStreamResponse } from './alert-stream.service';
import { AlertStreamQuery } from './alerts.dto';

const LAST_EVENT_ID = /^[0-9A-Za-z:._-]{1,128}$/;

/**
 * `GET /alerts/stream`: the caller's alerts as server-sent events. Registered before the other
 * alert routes, so that `stream` is never taken for a warning id.
 */
@ApiTags('Alerts')
@ApiBearerAuth('bearer')
@Controller('alerts')
export class AlertStreamController {
  constructor(private readonly streams: AlertStreamService) {}

  @Get('stream')
  @Roles(...ALERT_READERS)
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'the id of the last message received: the stream continues after it, with nothing missed or repeated',
  })
  @ApiOperation({
    summary: "the caller's alerts as server-sent events: first the open ones, then each change as it happens",
    description:
      'Within the caller’s unit (narrowed by `township`, `level`, `severity`). Without Last-Event-ID: `OpenAlert` for each ' +
      'unclosed warning (no id), then `SnapshotComplete` (id = the snapshot checkpoint), then live messages. Live messages: ' +
      '`WarningRaised` (with its routing), `WarningRouted`, `WarningAcknowledged`, `WarningEscalated`, `WarningClosed`; ' +
      '`id` = the ledger checkpoint of the event, `data` = `{ alert, change }`. Comment lines every heartbeat. ' +
      'See libs/warnings/src/http/README.md.',
  })
  @ApiResponse({
    status: 200,
    description: 'server-sent events until the client disconnects',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 00000000000000000042\nevent: WarningRaised\ndata: {"alert":{...},"change":{...}}\n\n' } } },
  })
  async stream(
    @Query() query: AlertStreamQuery,
    @Headers('last-event-id') header: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() response: EventStreamResponse,
  ): Promise<void> {
    if (query.township) assertCovers(principal, query.township, 'township');
    const lastEventId = lastEventIdOf(header, query.lastEventId);
    const messages = await this.streams.messages(
      { unit: principal.unit, township: query.township, levels: query.level, severities: query.severity },
      lastEventId,
    );
    this.streams.serve(messages, response);
  }
}

/** The header wins over the query parameter; an empty header is a fresh start (as browsers send none). */
function lastEventIdOf(header: string | undefined, query: string | undefined): string | undefined {
  const value = header?.trim() || undefined;
  if (value === undefined) return query;
  if (!LAST_EVENT_ID.test(value)) {
    throw new RequestValidationException([
      { field: 'Last-Event-ID', message: 'Last-Event-ID must be the id of a message of this stream' },
    ]);
  }
  return value;
}
