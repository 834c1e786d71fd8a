import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { loggerParams } from './logging';
import { LEDGER_METRICS, LedgerMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

export interface ObservabilityOptions {
  /** The root pino logger; none: Nest's own logger stays (tests that pass `logger: false`). */
  readonly logger?: Logger;
  /** Serve GET /metrics and count appends (the API); the worker has no HTTP server to scrape. */
  readonly metrics?: boolean;
}

/**
 * Logs through pino (nestjs-pino: one JSON line per request, with its id, actor and command id) and
 * the app's Prometheus metrics. Needs PlatformModule (CONFIG).
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const metrics = options.metrics ?? true;
    return {
      module: ObservabilityModule,
      imports: options.logger ? [LoggerModule.forRoot(loggerParams(options.logger))] : [],
      providers: metrics ? [{ provide: LEDGER_METRICS, useFactory: () => new LedgerMetrics() }] : [],
      controllers: metrics ? [MetricsController] : [],
      exports: metrics ? [LEDGER_METRICS] : [],
    };
  }
}
