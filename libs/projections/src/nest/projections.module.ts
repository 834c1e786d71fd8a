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
import { ProjectionObserver } from '../projection-observer';
import { ProjectionRunner } from '../projection-runner';
import type { ReadStore } from '../read-store.port';
import { RetryAfterInterceptor } from './await-projection';

/** The read store beside the configured event store (SQLite file or `<schema>_read`). */
export const READ_STORE = Symbol('READ_STORE');
/**
 * The ProjectionProgress of this app (waitFor and status): the ProjectionRunner over EVENT_STORE
 * and READ_STORE when the projections run in this process, else a ProjectionObserver of the
 * checkpoints the worker commits to READ_STORE.
 */
export const PROJECTION_PROGRESS = Symbol('PROJECTION_PROGRESS');
/** The older name of PROJECTION_PROGRESS: the same token, the same instance. */
export const PROJECTION_RUNNER = PROJECTION_PROGRESS;
const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsModuleOptions {
  readonly projections: readonly Projection[];
  /**
   * Start applying when the application boots. The embedded API and the worker do; an API of a
   * scaled deployment whose worker runs the loops does not: it only reads, and follows the
   * worker's checkpoints to answer waitFor and report each projection's lag.
   */
  readonly runInProcess: boolean;
}

/**
 * Opens the read store, and the projection runner or observer, once per app. Needs PlatformModule
 * (CONFIG) and LedgerModule (EVENT_STORE) in the same app. On shutdown the runner stops first (a
 * batch in flight commits or rolls back), then the read store closes; LedgerModule closes the
 * event store.
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
          provide: PROJECTION_PROGRESS,
          inject: [CONFIG, EVENT_STORE, READ_STORE],
          useFactory: (config: AppConfig, store: EventStore, readStore: ReadStore): ProjectionRunner | ProjectionObserver => {
            const { projections } = options;
            return options.runInProcess
              ? new ProjectionRunner({ store, readStore, projections })
              : new ProjectionObserver({ store, readStore, projections, pollIntervalMs: config.pollIntervalMs });
          },
        },
        { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
      ],
      exports: [READ_STORE, PROJECTION_PROGRESS],
    };
  }

  constructor(
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionRunner | ProjectionObserver,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const names = this.options.projections.map((projection) => projection.name);
    if (!(this.progress instanceof ProjectionRunner)) {
      this.logger.log(`projections are applied by another process; following its checkpoints (${names.length} registered)`);
      return;
    }
    await this.progress.start();
    this.logger.log(names.length > 0 ? `applying ${names.join(', ')}` : 'no projections registered');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.progress.dispose();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
    this.logger.log('read store closed');
  }
}
