import { type AppConfig, CONFIG, toEventStoreConfig } from '@app/platform';
import { instrumentEventStore } from '@app/platform/observability/instrumented-event-store';
import { LEDGER_METRICS, type LedgerMetrics } from '@app/platform/observability/metrics';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createEventStore } from './create-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';

/**
 * Opens the configured event store once per app and closes it when the app shuts down, after
 * everything that uses it has stopped. Needs PlatformModule (CONFIG) in the same app.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      // With the app's metrics present (the API), every append is counted and timed.
      inject: [CONFIG, { token: LEDGER_METRICS, optional: true }],
      useFactory: async (config: AppConfig, metrics?: LedgerMetrics): Promise<EventStore> => {
        const store = await createEventStore(toEventStoreConfig(config));
        return metrics ? instrumentEventStore(store, metrics) : store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class LedgerModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log(`${this.store.kind} event store closed`);
  }
}
