import { EVENT_STORE, type EventStore } from '@app/ledger';
import { Roles } from '@app/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { DEFAULT_PAGE, ReadStreamQuery, StreamParams } from './read-stream.query';
import { type StreamPageView, toStreamPage } from './stream-page.view';

@Controller('streams')
export class StreamsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * One page of a stream with each event's hash chain link; 404 when the stream has no events.
   * Raw events hold personal data, so only those who audit the ledger read them here.
   */
  @Get(':id')
  @Roles('auditor', 'discipline-inspector', 'admin')
  async read(@Param() params: StreamParams, @Query() query: ReadStreamQuery): Promise<StreamPageView> {
    const direction = query.direction ?? 'forwards';
    const maxCount = query.maxCount ?? DEFAULT_PAGE;
    const events = await this.store.readStream(params.id, {
      direction,
      fromRevision: query.fromRevision === undefined ? undefined : BigInt(query.fromRevision),
      maxCount,
    });
    return toStreamPage(params.id, direction, events, maxCount);
  }
}
