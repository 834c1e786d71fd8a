import { EVENT_STORE, type EventStore } from '@app/ledger';
import { type AppConfig, CONFIG } from '@app/platform';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { createReadStore, readStoreConfig } from '../create-read-store';
import type { Projection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import type { ReadStore } from '../read-store.port';
import { RetryAfterInterceptor } from './await-projection';

/** The read store beside the configured event store (SQLite file or `<schema>_read`). */
export const READ_STORE = Symbol('READ_STORE');
/** The ProjectionRunner over EVENT_STORE and READ_STORE. */
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsModuleOptions {
  readonly projections: readonly Projection[];
  /**
   * Start applying when the application boots. The embedded API and the worker do; an API of a
   * scaled deployment whose worker runs the loops does not, and only reads.
   */
  readonly runInProcess: boolean;
}

/**
 * Opens the read store and the projection runner once per app. Needs PlatformModule (CONFIG) and
 * LedgerModule (EVENT_STORE) in the same app. On shutdown the runner stops first (a batch in
 * flight commits or rolls back), then the read store closes; LedgerModule closes the event store.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');

  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        { provide: PROJECTIONS_OPTIONS, useValue: options },
        {
          provide: READ_STORE,
          inject: [CONFIG],
          useFactory: (config: AppConfig): Promise<ReadStore> => createReadStore(readStoreConfig(config)),
        },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, READ_STORE],
          useFactory: (store: EventStore, readStore: ReadStore): ProjectionRunner =>
            new ProjectionRunner({ store, readStore, projections: options.projections }),
        },
        { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
      ],
      exports: [READ_STORE, PROJECTION_RUNNER],
    };
  }

  constructor(
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const names = this.options.projections.map((projection) => projection.name);
    if (!this.options.runInProcess) {
      this.logger.log(`projections are applied by another process (${names.length} registered)`);
      return;
    }
    await this.runner.start();
    this.logger.log(names.length > 0 ? `applying ${names.join(', ')}` : 'no projections registered');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.dispose();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
    this.logger.log('read store closed');
  }
}
