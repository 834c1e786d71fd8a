import { CasesHttpModule } from '@app/assistance-cases/http';
import { DelegationHttpModule } from '@app/delegation/http';
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
import { HealthController } from './health/health.controller';
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
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, options),
        LedgerModule,
        ProjectionsModule.forRoot({
          projections: options.projections ?? ALL_PROJECTIONS,
          runInProcess: options.projectionsInProcess ?? config.projectionsInProcess,
        }),
        // The notary runs where the projections do: here in the embedded default, else in the worker.
        IntegrityModule.forRoot({ runInProcess: options.projectionsInProcess ?? config.projectionsInProcess }),
        WarningsModule.forRoot({ runInProcess: options.projectionsInProcess ?? config.projectionsInProcess }),
        AuthModule.forRoot({ verifier: options.verifier }),
        CommandHttpModule,
        StandardsHttpModule,
        OfficialsHttpModule,
        DelegationHttpModule,
        CasesHttpModule,
        PaymentsHttpModule,
        IntegrityHttpModule,
        WarningsHttpModule,
      ],
      controllers: [HealthController, StreamsController],
    };
  }
}

export interface CreateAppOptions extends AppModuleOptions {
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The API as main.ts runs it, for tests too: validation, problem details, body limit, security
 * headers, bearer-token authentication and the OpenAPI document are set here, so a test
 * exercises exactly what a client meets. Not yet listening.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    logger: options.logger,
    // A module that refuses its configuration throws instead of ending the process, so main.ts
    // can print the ConfigError that names the setting.
    abortOnError: false,
  });
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
