import {
  CommandIdConflictError,
  DuplicateEventIdError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@app/ledger/errors';
import { DomainError, type DomainErrorKind } from '@app/ledger/domain';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ConfigError } from './config';
import { describeFieldErrors, type FieldError } from './validation';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_BASE = 'urn:assistance-ledger:problem:';

/** An RFC 7807 body: the standard members plus structured fields of the error. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface ProblemRequest {
  /** The request target, used as `instance`. */
  readonly instance?: string;
  /** The request carried If-Match: a stale revision is then a failed precondition (412). */
  readonly ifMatch?: boolean;
}

export interface Problem {
  readonly body: ProblemDetails;
  readonly headers?: Readonly<Record<string, string>>;
  /** Server faults are logged with their cause; the body never carries it. */
  readonly serverFault: boolean;
}

/** Maps any thrown value to the problem a client is shown. Pure, so the mapping is unit-tested. */
export function toProblem(error: unknown, request: ProblemRequest = {}): Problem {
  const problem = (status: number, code: string | null, detail: string, extra: Record<string, unknown> = {}) => ({
    type: code ? TYPE_BASE + code : 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(request.instance !== undefined ? { instance: request.instance } : {}),
    ...(code ? { code } : {}),
    ...extra,
  });
  const client = (body: ProblemDetails, headers?: Record<string, string>): Problem => ({
    body,
    headers,
    serverFault: false,
  });

  if (error instanceof WrongExpectedRevisionError) {
    const status = request.ifMatch ? 412 : 409;
    return client(
      problem(status, error.code, error.message, {
        streamId: error.streamId,
        expected: revisionJson(error.expected),
        actual: revisionJson(error.actual),
      }),
    );
  }
  if (error instanceof DomainError) {
    const extra: Record<string, unknown> = { ...error.details };
    if (error.kind === 'invalid' && typeof error.details.field === 'string') {
      extra.errors = [{ field: error.details.field, message: error.message }];
    }
    return client(problem(DOMAIN_STATUS[error.kind], error.code, error.message, extra));
  }
  if (error instanceof StreamNotFoundError) {
    return client(problem(404, error.code, error.message, { streamId: error.streamId }));
  }
  if (error instanceof InvalidEventError) {
    return client(
      problem(400, error.code, error.message, {
        field: error.field,
        errors: [{ field: error.field, message: error.reason }],
      }),
    );
  }
  if (error instanceof DuplicateEventIdError) {
    return client(problem(409, error.code, error.message, { eventId: error.eventId }));
  }
  if (error instanceof CommandIdConflictError) {
    return client(
      problem(409, error.code, error.message, {
        commandId: error.commandId,
        streamId: error.streamId,
        recordedStreamId: error.recordedStreamId,
      }),
    );
  }
  if (error instanceof StoreUnavailableError) {
    // The reason can name hosts and ports; it goes to the log, not to the client.
    return {
      body: problem(503, error.code, `the ${error.store} event store is unavailable; try again shortly`, {
        store: error.store,
      }),
      headers: { 'Retry-After': '5' },
      serverFault: true,
    };
  }
  if (error instanceof ConfigError) {
    return {
      body: problem(500, error.code, 'the server is misconfigured; the cause is in its log'),
      serverFault: true,
    };
  }
  if (error instanceof HttpException) return fromHttpException(error, problem);
  const parserError = bodyParserError(error);
  if (parserError) return client(problem(parserError.status, null, parserError.message));
  return {
    body: problem(500, null, 'an unexpected error occurred; it has been logged'),
    serverFault: true,
  };
}

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  conflict: 409,
  'not-found': 404,
};

type Build = (status: number, code: string | null, detail: string, extra?: Record<string, unknown>) => ProblemDetails;

function fromHttpException(error: HttpException, problem: Build): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  let detail = error.message;
  let errors: FieldError[] | undefined;
  if (typeof response === 'string') {
    detail = response;
  } else if (response && typeof response === 'object') {
    const { message, errors: given } = response as { message?: unknown; errors?: unknown };
    if (Array.isArray(given)) {
      errors = given.filter(isFieldError);
    } else if (Array.isArray(message)) {
      // A ValidationPipe without our exception factory: "maxCount must be ..." names the field first.
      errors = message.map(String).map((text) => ({ field: text.split(' ', 1)[0], message: text }));
    }
    if (errors) detail = describeFieldErrors(errors);
    else if (typeof message === 'string') detail = message;
  }
  const code = errors ? 'invalid-request' : null;
  return {
    body: problem(status, code, detail, errors ? { errors } : {}),
    serverFault: status >= 500,
  };
}

function isFieldError(value: unknown): value is FieldError {
  const candidate = value as FieldError | null;
  return typeof candidate?.field === 'string' && typeof candidate.message === 'string';
}

/** Errors of the body parser (malformed JSON, body too large) carry a 4xx status meant for clients. */
function bodyParserError(error: unknown): { status: number; message: string } | undefined {
  const candidate = error as { status?: unknown; expose?: unknown; message?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { status, expose, message } = candidate;
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, message: typeof message === 'string' ? message : (STATUS_CODES[status] ?? 'bad request') };
}

function revisionJson(revision: bigint | string): number | string {
  return typeof revision === 'bigint' ? Number(revision) : revision;
}

interface HttpRequestLike {
  readonly originalUrl?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

interface HttpResponseLike {
  readonly headersSent: boolean;
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** Renders every error of an HTTP request as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    const { body, headers, serverFault } = toProblem(exception, {
      instance: request.originalUrl ?? request.url,
      ifMatch: request.headers['if-match'] !== undefined,
    });
    if (serverFault) {
      const cause = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`${body.status} for ${body.instance ?? 'a request'}: ${cause}`);
    }
    if (response.headersSent) return;
    response.status(body.status);
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.end(JSON.stringify(body));
  }
}
