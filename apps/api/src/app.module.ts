import { LedgerModule } from '@app/ledger/ledger.module';
import {
  type AppConfig,
  createValidationPipe,
  PlatformModule,
  type PlatformOptions,
  ProblemDetailsFilter,
} from '@app/platform';
import { type DynamicModule, type INestApplication, type LoggerService, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HealthController } from './health/health.controller';
import { StreamsController } from './streams/streams.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config, options), LedgerModule],
      controllers: [HealthController, StreamsController],
    };
  }
}

export interface CreateAppOptions extends PlatformOptions {
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The API as main.ts runs it, for tests too: validation, problem details, body limit and security
 * headers are set here, so a test exercises exactly what a client meets. Not yet listening.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    logger: options.logger,
  });
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.useSecurityHeaders();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
