import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config';
import { ProblemDetailsFilter } from '../problem-details.filter';
import { createValidationPipe } from '../validation';

/**
 * The HTTP conventions of every app and of e2e tests that build their own testing module: body
 * limit, security headers, validation, problem details. Express's own ETags (hashes of the body)
 * are off: here an ETag is a stream revision, the value If-Match takes. The app must have been
 * created with `bodyParser: false`.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.set('etag', false);
  app.useSecurityHeaders();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
}
