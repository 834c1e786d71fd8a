import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { LogLevel } from '../config';
import { requestIdFrom, requestScopeOf } from './request-scope';

/** Never written to a log, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
];

/** Probes and scrapes are logged at debug: one a second from a load balancer would drown the rest. */
const QUIET_ROUTES = /^\/(health(\/|$|\?)|metrics($|\?))/;

/** One JSON line per log call, on stdout unless a test passes its own destination. */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

type LoggedRequest = IncomingMessage & { id?: unknown; principal?: Principal; originalUrl?: string };

/** Who and which commands: known once the request is done, so added to its completion line only. */
export function requestFields(request: LoggedRequest, response: ServerResponse): Record<string, unknown> {
  if (!response.headersSent) return {};
  const fields: Record<string, unknown> = {};
  const principal = request.principal;
  if (principal) fields.actor = { sub: principal.sub, roles: principal.roles, unit: principal.unit };
  const correlation = request.headers['x-correlation-id'];
  if (typeof correlation === 'string') fields.correlationId = correlation.slice(0, 200);
  const commandIds = requestScopeOf(request)?.commandIds ?? [];
  if (commandIds.length === 1) fields.commandId = commandIds[0];
  else if (commandIds.length > 1) fields.commandIds = commandIds;
  return fields;
}

/** nestjs-pino's parameters: pino-http logs one line per request with its id, actor and command id. */
export function loggerParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      // requestScopeMiddleware has set req.id (from X-Request-Id or new) before this runs.
      genReqId: (request) => (request as LoggedRequest).id as string ?? requestIdFrom(request.headers['x-request-id']),
      // Lines logged while handling a request carry its id (`reqId`); the completion line also `req`.
      quietReqLogger: true,
      customProps: (request, response) => requestFields(request as LoggedRequest, response),
      customLogLevel: (request, response, error) => {
        if (error || response.statusCode >= 500) return 'error';
        if (response.statusCode >= 400 && response.statusCode !== 404) return 'warn';
        return QUIET_ROUTES.test((request as LoggedRequest).originalUrl ?? request.url ?? '') ? 'debug' : 'info';
      },
      serializers: {
        // Method and path only: headers may carry tokens, queries may carry names.
        req: (request: { method?: string; url?: string; remoteAddress?: string }) => ({
          method: request.method,
          url: request.url?.split('?', 1)[0],
          remoteAddress: request.remoteAddress,
        }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
