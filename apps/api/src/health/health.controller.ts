import { EVENT_STORE, type EventStore, type LogHead, StoreUnavailableError } from '@app/ledger';
import { Public } from '@app/platform';
import { Controller, Get, Inject } from '@nestjs/common';
import { toJsonNumber } from '@app/platform/http/command-result.view';

export interface HealthView {
  readonly status: 'ok';
  readonly store: { readonly kind: string; readonly reachable: true };
  readonly log: { readonly eventCount: number; readonly lastPosition: number | null; readonly checkpoint: string };
}

/** Public: load balancers and operators probe it without a token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** 200 when the store answers; otherwise a 503 problem, so load balancers take the node out. */
  @Get()
  async health(): Promise<HealthView> {
    let head: LogHead;
    try {
      head = await this.store.head();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(this.store.kind, error instanceof Error ? error.message : String(error));
    }
    return {
      status: 'ok',
      store: { kind: this.store.kind, reachable: true },
      log: {
        eventCount: toJsonNumber(head.eventCount),
        lastPosition: head.lastPosition === null ? null : toJsonNumber(head.lastPosition),
        checkpoint: head.checkpoint,
      },
    };
  }
}
