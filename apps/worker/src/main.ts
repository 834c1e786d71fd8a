import 'reflect-metadata';
import { LedgerModule } from '@app/ledger/ledger.module';
import { EVENT_STORE, type EventStore } from '@app/ledger';
import { type AppConfig, ConfigError, describeStore, loadConfig, PlatformModule } from '@app/platform';
import type { Projection } from '@app/projections';
import { IntegrityModule } from '@app/integrity/nest';
import { ProjectionsModule } from '@app/projections/nest';
import { WarningsModule } from '@app/warnings/nest';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ALL_PROJECTIONS } from '../../api/src/projections';
import { createRootLogger } from '@app/platform/observability/logging';
import { ObservabilityModule } from '@app/platform/observability/observability.module';
import { Logger as PinoNestLogger } from 'nestjs-pino';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, projections: readonly Projection[] = ALL_PROJECTIONS): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config),
        // JSON logs at LOG_LEVEL; no metrics: the worker serves no HTTP to scrape.
        ObservabilityModule.forRoot({ logger: createRootLogger(config.observability.logLevel), metrics: false }),
        LedgerModule,
        ProjectionsModule.forRoot({ projections, runInProcess: true }),
        IntegrityModule.forRoot({ runInProcess: true }),
        WarningsModule.forRoot({ runInProcess: true }),
      ],
    };
  }
}

/**
 * The worker process of a scaled deployment: applies the same projections as the API (whose
 * instances then run with projectionsInProcess false), and runs the notary of the Merkle log
 * and the warning-rule loops.
 */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { abortOnError: false, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  // Runs onApplicationBootstrap, which starts the projection runner.
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const head = await store.head();
  logger.log(`ready: ${describeStore(config)}, ${head.eventCount} events in the log, ${ALL_PROJECTIONS.length} projections`);

  // The runner's polling keeps the event loop busy, but not when no projection is registered.
  const keepAlive = setInterval(() => undefined, 60_000);
  const stop = (signal: NodeJS.Signals): void => {
    logger.log(`${signal} received: closing`);
    clearInterval(keepAlive);
    setTimeout(() => {
      logger.error(`still closing after ${config.shutdownTimeoutMs} ms: stopping now`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app.close().then(
      () => logger.log('closed'),
      (error: unknown) => {
        logger.error(`closing failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  });
}
