import { type AppConfig, describeStore } from '@app/platform';
import { type INestApplication, Logger } from '@nestjs/common';
import { createApp, type CreateAppOptions } from './app.module';
import { Draining } from './health/draining';

/** The URL a client should use; a wildcard address is reached through loopback. */
export function listenUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Builds the API, listens, and closes cleanly on SIGTERM/SIGINT: new requests get a 503 at once,
 * those in flight finish, the projection runner, notary and rules engine stop with their
 * checkpoints stored, the HTTP server closes, and the store last (flushing its pending group
 * commit); then the process exits 0. If closing takes longer than SHUTDOWN_TIMEOUT_MS the process
 * is stopped anyway (exit 1), so an orchestrator never waits on a hung connection.
 */
export async function startApi(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const logger = new Logger('Api');
  const app = await createApp(config, options);
  // Not app.enableShutdownHooks: it ends the process by re-sending the signal (exit status 143),
  // and starts closing before new requests are refused.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: closing (at most ${config.shutdownTimeoutMs} ms)`);
      setTimeout(() => {
        logger.error(`still closing after ${config.shutdownTimeoutMs} ms: stopping now`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.get(Draining).begin();
      app.close().then(
        () => {
          logger.log('closed');
        },
        (error: unknown) => {
          logger.error(`closing failed: ${error instanceof Error ? error.stack : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number } | string | null;
  const port = address && typeof address === 'object' ? address.port : config.http.port;
  logger.log(`ledger: ${describeStore(config)}`);
  const url = listenUrl(config.http.host, port);
  logger.log(`listening on ${url} (try ${url}/health; the API is described at ${url}/docs)`);
  return app;
}
