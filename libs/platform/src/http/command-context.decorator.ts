import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RequestValidationException } from '../validation';
import { HeaderError, parseCorrelationId, parseIdempotencyKey, parseIfMatch } from './request-headers';

/** What a command request says besides its body: who sends it and under which conditions. */
export interface HttpCommandContext {
  readonly principal: Principal;
  /** Idempotency-Key: a retry with the same key gets the first result and appends nothing. */
  readonly idempotencyKey?: string;
  /** If-Match: the revision the client decided on; a stale one is a 412. */
  readonly expectedRevision?: bigint;
  /** X-Correlation-Id, stamped on the events; a new one when absent. */
  readonly correlationId?: string;
}

interface HttpRequest {
  readonly principal?: Principal;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function commandContextOf(context: ExecutionContext): HttpCommandContext {
  const principal = principalOf(context);
  const { headers } = context.switchToHttp().getRequest<HttpRequest>();
  try {
    return {
      principal,
      idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
      expectedRevision: parseIfMatch(headers['if-match']),
      correlationId: parseCorrelationId(headers['x-correlation-id']),
    };
  } catch (error) {
    if (error instanceof HeaderError) throw new RequestValidationException([{ field: error.field, message: error.message }]);
    throw error;
  }
}

/**
 * The principal and the command headers of the request, checked (a malformed header is a 400
 * naming it): `@CommandContext() context: HttpCommandContext`, handed on to CommandExecutor.run.
 */
export const CommandContext = createParamDecorator((_data: unknown, context: ExecutionContext): HttpCommandContext =>
  commandContextOf(context),
);
