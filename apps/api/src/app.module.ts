import { CasesHttpModule } from '@app/assistance-cases/http';
import { CreditHttpModule } from '@app/credit/http';
import { DelegationHttpModule } from '@app/delegation/http';
import { InspectionsHttpModule } from '@app/inspections/http';
import { IntegrityHttpModule } from '@app/integrity/http';
import { IntegrityModule } from '@app/integrity/nest';
import { LedgerModule } from '@app/ledger/ledger.module';
import { OfficialsHttpModule } from '@app/officials/http';
import { PaymentsHttpModule } from '@app/payments/http';
import {
  type AppConfig,
  AuthModule,
  CommandHttpModule,
  configureHttpApp,
  PlatformModule,
  type PlatformOptions,
  type TokenVerifier,
} from '@app/platform';
import { type DynamicModule, type INestApplication, type LoggerService, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { StandardsHttpModule } from '@app/standards/http';
import type { Projection } from '@app/projections';
import { ProjectionsModule } from '@app/projections/nest';
import { WarningsHttpModule } from '@app/warnings/http';
import { WarningsModule } from '@app/warnings/nest';
import { ConsoleModule } from './console/console.module';
import { Draining } from './health/draining';
import { HealthController } from './health/health.controller';
import { HealthMetrics } from './health/health-metrics';
import { httpMetricsMiddleware, LEDGER_METRICS, type LedgerMetrics } from '@app/platform/observability/metrics';
import { ObservabilityModule } from '@app/platform/observability/observability.module';
import { createRootLogger } from '@app/platform/observability/logging';
import { requestScopeMiddleware } from '@app/platform/observability/request-scope';
import { RateLimitModule } from '@app/platform/limits';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { ALL_PROJECTIONS } from './projections';
import { StreamsController } from './streams/streams.controller';

export interface AppModuleOptions extends PlatformOptions {
  /** Replaces the configured token verifier (tests of the identity-provider mode). */
  readonly verifier?: TokenVerifier;
  /** The read models this app serves; ALL_PROJECTIONS unless a test passes its own. */
  readonly projections?: readonly Projection[];
  /**
   * Apply the projections in this process (default true: the embedded `npm start` is the whole
   * system). False for an API whose worker process runs the loops; it then only reads.
   */
  readonly projectionsInProcess?: boolean;
  /** The root pino logger; none: Nest's logger (createApp decides, see CreateAppOptions). */
  readonly pino?: PinoLogger;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, options),
        ObservabilityModule.forRoot({ logger: options.pino }),
        LedgerModule,
        ProjectionsModule.forRoot({
          projections: options.projections ?? ALL_PROJECTIONS,
          runInProcess: options.projectionsInProcess ?? config.projectionsInProcess,
        }),
        // The notary runs where the projections do: here in the embedded default, else in the worker.
        IntegrityModule.forRoot({ runInProcess: options.projectionsInProcess ?? config.projectionsInProcess }),
        WarningsModule.forRoot({ runInProcess: options.projectionsInProcess ?? config.projectionsInProcess }),
        AuthModule.forRoot({ verifier: options.verifier }),
        // After AuthModule: its guard runs first, so the rate limit can count per token.
        RateLimitModule.forRoot(config),
        CommandHttpModule,
        StandardsHttpModule,
        OfficialsHttpModule,
        DelegationHttpModule,
        CasesHttpModule,
        CreditHttpModule,
        PaymentsHttpModule,
        IntegrityHttpModule,
        WarningsHttpModule,
        InspectionsHttpModule,
        ConsoleModule,
      ],
      controllers: [HealthController, StreamsController],
      providers: [Draining, HealthMetrics],
    };
  }
}

export interface CreateAppOptions extends Omit<AppModuleOptions, 'pino'> {
  /**
   * Unset: JSON logs through pino at LOG_LEVEL (on stdout, or `logDestination`). `false` (tests):
   * no logs, unless `logDestination` is given. A LoggerService or levels: Nest's logging, as given.
   */
  readonly logger?: LoggerService | LogLevel[] | false;
  /** Where pino writes (tests capture the lines); implies pino logging. */
  readonly logDestination?: DestinationStream;
}

/**
 * The API as main.ts runs it, for tests too: validation, problem details, body limit, security
 * headers, bearer-token authentication and the OpenAPI document are set here, so a test
 * exercises exactly what a client meets. Not yet listening.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const usePino = options.logDestination !== undefined || options.logger === undefined;
  const pino = usePino ? createRootLogger(config.observability.logLevel, options.logDestination) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { ...options, pino }), {
    bodyParser: false,
    // With pino, what Nest logs while starting waits for it rather than going to the console.
    ...(pino ? { bufferLogs: true } : { logger: options.logger }),
    // A module that refuses its configuration throws instead of ending the process, so main.ts
    // can print the ConfigError that names the setting.
    abortOnError: false,
  });
  if (pino) app.useLogger(app.get(PinoNestLogger));
  // Before anything else: the request id, refusing new requests while shutting down, timing.
  app.use(requestScopeMiddleware);
  app.use(app.get(Draining).middleware);
  app.use(httpMetricsMiddleware(app.get<LedgerMetrics>(LEDGER_METRICS)));
  configureHttpApp(app, config);
  setUpOpenApi(app);
  return app;
}

/** Serves the OpenAPI document at /docs (UI) and /docs/openapi.json; both public. */
export function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Social-assistance audit ledger')
      .setDescription(
        'Every route needs `Authorization: Bearer <token>` unless marked otherwise. Commands take ' +
          '`Idempotency-Key` (a retry returns the first result) and `If-Match: "<revision>"` (a stale ' +
          'revision is a 412); responses that carry a revision send it as `ETag`. Errors are RFC 7807 ' +
          'problem details.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Assistance ledger API',
    swaggerOptions: { persistAuthorization: true },
  });
}
