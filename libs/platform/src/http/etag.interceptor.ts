import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { etagOf } from './request-headers';

interface HttpResponse {
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
}

/** The stream revision a response body reports at its top level, if any. */
export function revisionOf(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object' || !('revision' in body)) return undefined;
  const { revision } = body as { revision: unknown };
  return typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 0 ? revision : undefined;
}

/**
 * Installed globally: a response whose body carries a top-level `revision` (a command's result,
 * an aggregate's state) gets `ETag: "<revision>"`, which the next command sends as If-Match.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    return next.handle().pipe(
      tap((body) => {
        const revision = revisionOf(body);
        if (revision !== undefined && !response.headersSent) response.setHeader('ETag', etagOf(revision));
      }),
    );
  }
}
