import type { Checkpoint } from '@app/ledger';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { type ProjectionProgress, ProjectionTimeoutError } from '../projection-status';

/** How long a query waits for its projection when the client names no timeout. */
export const DEFAULT_PROJECTION_WAIT_MS = 2000;
/** The longest a query may hold its request waiting for a projection. */
export const MAX_PROJECTION_WAIT_MS = 10_000;
/** Seconds a client is told to wait before asking again. */
export const PROJECTION_RETRY_AFTER_SECONDS = 1;

/**
 * The projection has not reached the checkpoint a command response carried: a 503 problem with
 * Retry-After, so the client asks again (the write is safe; only the read model lags).
 */
export class ProjectionNotReachedException extends ServiceUnavailableException {
  readonly retryAfterSeconds = PROJECTION_RETRY_AFTER_SECONDS;
  constructor(readonly timeout: ProjectionTimeoutError) {
    super(`${timeout.message}; try again shortly`);
  }
}

/**
 * Read-your-own-writes for query controllers: with a `waitFor` checkpoint (the `checkpoint` of a
 * command response), resolves once the named projection has applied it; without one, at once.
 * `progress` is PROJECTION_PROGRESS: the runner in process, or the observer of the worker's
 * checkpoints (which looks every `pollIntervalMs`).
 * Waits at most `timeoutMs` (default 2 s, capped at 10 s) and then throws
 * ProjectionNotReachedException (503, Retry-After). A failed projection rejects with
 * ProjectionFailedError; an unknown name with RangeError.
 */
export async function awaitProjection(
  progress: Pick<ProjectionProgress, 'waitFor'>,
  name: string,
  waitFor?: string | null,
  timeoutMs: number = DEFAULT_PROJECTION_WAIT_MS,
): Promise<void> {
  if (waitFor === undefined || waitFor === null || waitFor.trim() === '') return;
  const bounded = Math.min(Math.max(Number.isFinite(timeoutMs) ? timeoutMs : DEFAULT_PROJECTION_WAIT_MS, 0), MAX_PROJECTION_WAIT_MS);
  try {
    await progress.waitFor(name, waitFor.trim() as Checkpoint, bounded);
  } catch (error) {
    if (error instanceof ProjectionTimeoutError) throw new ProjectionNotReachedException(error);
    throw error;
  }
}

interface HeaderResponse {
  readonly headersSent?: boolean;
  setHeader(name: string, value: string): unknown;
}

/** Adds Retry-After to the 503 a ProjectionNotReachedException becomes. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ProjectionNotReachedException && context.getType() === 'http') {
          const response = context.switchToHttp().getResponse<HeaderResponse>();
          if (!response.headersSent && error.getStatus() === HttpStatus.SERVICE_UNAVAILABLE) {
            response.setHeader('Retry-After', String(error.retryAfterSeconds));
          }
        }
        return throwError(() => error);
      }),
    );
  }
}
