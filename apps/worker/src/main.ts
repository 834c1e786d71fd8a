import 'reflect-metadata';
import { LedgerModule } from '@app/ledger/ledger.module';
import { EVENT_STORE, type EventStore } from '@app/ledger';
import { type AppConfig, ConfigError, describeStore, loadConfig, PlatformModule } from '@app/platform';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({})
class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config), LedgerModule] };
  }
}

/**
 * The worker process of a scaled deployment. For now it opens the store and waits; the loops
 * (projections, notary, warning rules) are added to WorkerModule as they are built.
 */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  const store = app.get<EventStore>(EVENT_STORE);
  const head = await store.head();
  logger.log(`ready: ${describeStore(config)}, ${head.eventCount} events in the log`);
  logger.log('no worker loops are registered yet; they join this process as they are built');

  // Nothing else holds the event loop open until the loops exist.
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

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
