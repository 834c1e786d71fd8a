import type { IdSource } from '../ids';
import type { HttpCommandContext } from './command-context.decorator';
import { commandIdFor } from './command-id';

/**
 * The id of an aggregate a request creates (a case, a delegation, ...). A request with an
 * Idempotency-Key gets an id derived from it, so its retry addresses the same stream and is
 * answered with the first result instead of creating a second aggregate; otherwise a fresh id.
 */
export function newAggregateId(context: HttpCommandContext, kind: string, ids: IdSource): string {
  return context.idempotencyKey === undefined
    ? ids.newId()
    : commandIdFor(context.principal.sub, `${kind}:${context.idempotencyKey}`);
}
