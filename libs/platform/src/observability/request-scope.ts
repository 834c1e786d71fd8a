import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_KEY_LENGTH } from '../http/request-headers';

/** What the log line of a request says besides the request itself; filled in as the request goes. */
export interface RequestScope {
  readonly requestId: string;
  /** The ids of the commands this request ran (a batch run may run several). */
  readonly commandIds: string[];
}

const storage = new AsyncLocalStorage<RequestScope>();
const SCOPE = Symbol('ledger-request-scope');

export const REQUEST_ID_HEADER = 'x-request-id';
const PRINTABLE = /^[\x21-\x7e]+$/;

/** The scope of the request being handled, if any (none in background loops). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Recorded on the request's log line; a no-op outside a request. */
export function noteCommandId(commandId: string): void {
  storage.getStore()?.commandIds.push(commandId);
}

export function requestScopeOf(request: object): RequestScope | undefined {
  return (request as { [SCOPE]?: RequestScope })[SCOPE];
}

/**
 * The client's X-Request-Id when it is a usable token (same bounds as X-Correlation-Id), else a new
 * one. A bad header is replaced rather than refused: logging must never fail a request.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const text = value?.trim();
  return text && text.length <= MAX_KEY_LENGTH && PRINTABLE.test(text) ? text : randomUUID();
}

/**
 * Express middleware, first of the app: gives the request its id (as `req.id`, which pino-http
 * logs as `reqId`), echoes it as X-Request-Id, and opens the scope commands write their id to.
 */
export function requestScopeMiddleware(
  request: IncomingMessage & { id?: unknown },
  response: ServerResponse,
  next: () => void,
): void {
  const scope: RequestScope = { requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]), commandIds: [] };
  request.id = scope.requestId;
  (request as { [SCOPE]?: RequestScope })[SCOPE] = scope;
  response.setHeader('X-Request-Id', scope.requestId);
  storage.run(scope, next);
}
