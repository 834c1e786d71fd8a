import {
  CommandIdConflictError,
  DuplicateEventIdError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@app/ledger/errors';
import { type ArgumentsHost, BadRequestException, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@app/ledger/domain';
import { ConfigError } from './config';
import { ProblemDetailsFilter, toProblem } from './problem-details.filter';
import { RequestValidationException } from './validation';

const at = { instance: '/streams/case-1' };

describe('mapping ledger errors to problem details', () => {
  it('a stale revision is a conflict, or a failed precondition when the client sent If-Match', () => {
    const error = new WrongExpectedRevisionError('case-1', 3n, 5n);
    expect(toProblem(error, at).body).toEqual({
      type: 'urn:assistance-ledger:problem:wrong-expected-revision',
      title: 'Conflict',
      status: 409,
      detail: 'stream case-1: expected revision 3, actual 5',
      instance: '/streams/case-1',
      code: 'wrong-expected-revision',
      streamId: 'case-1',
      expected: 3,
      actual: 5,
    });
    const conditional = toProblem(error, { ...at, ifMatch: true }).body;
    expect(conditional).toMatchObject({ status: 412, title: 'Precondition Failed' });
    expect(toProblem(new WrongExpectedRevisionError('case-1', 'no-stream', 0n)).body).toMatchObject({
      expected: 'no-stream',
      actual: 0,
    });
  });

  it('a missing stream is a 404 naming it', () => {
    expect(toProblem(new StreamNotFoundError('case-9'), at).body).toMatchObject({
      status: 404,
      title: 'Not Found',
      code: 'stream-not-found',
      streamId: 'case-9',
    });
  });

  it('an invalid event is a 400 naming the field', () => {
    const body = toProblem(new InvalidEventError('events[0].data', 'must be a JSON object')).body;
    expect(body).toMatchObject({
      status: 400,
      code: 'invalid-event',
      field: 'events[0].data',
      errors: [{ field: 'events[0].data', message: 'must be a JSON object' }],
    });
  });

  it('a reused event id or command id is a conflict', () => {
    expect(toProblem(new DuplicateEventIdError('e-1')).body).toMatchObject({ status: 409, eventId: 'e-1' });
    expect(toProblem(new CommandIdConflictError('c-1', 'case-2', 'case-1')).body).toMatchObject({
      status: 409,
      code: 'command-id-conflict',
      commandId: 'c-1',
      streamId: 'case-2',
      recordedStreamId: 'case-1',
    });
  });

  it('an unavailable store is a 503 with Retry-After, its reason kept for the log', () => {
    const problem = toProblem(new StoreUnavailableError('postgres', 'connect ECONNREFUSED 10.0.0.5:5432'));
    expect(problem.body).toMatchObject({ status: 503, title: 'Service Unavailable', store: 'postgres' });
    expect(problem.headers).toEqual({ 'Retry-After': '5' });
    expect(problem.serverFault).toBe(true);
    expect(JSON.stringify(problem.body)).not.toContain('10.0.0.5');
  });

  it('a configuration error is a 500 that does not show the configuration', () => {
    const error = new ConfigError([{ setting: 'DATABASE_URL', message: 'is required' }]);
    const problem = toProblem(error);
    expect(problem.body).toMatchObject({ status: 500, code: 'invalid-config' });
    expect(problem.body.detail).not.toContain('DATABASE_URL');
  });
});

describe('mapping HTTP exceptions', () => {
  it('validation failures list every field with its message', () => {
    const error = new RequestValidationException([
      { field: 'maxCount', message: 'maxCount must be a whole number from 1 to 1000' },
      { field: 'direction', message: 'direction must be forwards or backwards' },
    ]);
    expect(toProblem(error, at).body).toEqual({
      type: 'urn:assistance-ledger:problem:invalid-request',
      title: 'Bad Request',
      status: 400,
      detail: 'maxCount must be a whole number from 1 to 1000; direction must be forwards or backwards',
      instance: '/streams/case-1',
      code: 'invalid-request',
      errors: [
        { field: 'maxCount', message: 'maxCount must be a whole number from 1 to 1000' },
        { field: 'direction', message: 'direction must be forwards or backwards' },
      ],
    });
  });

  it("a default ValidationPipe's message list still names the fields", () => {
    const error = new BadRequestException(['property foo should not exist', 'maxCount must be an integer number']);
    expect(toProblem(error).body.errors).toEqual([
      { field: 'property', message: 'property foo should not exist' },
      { field: 'maxCount', message: 'maxCount must be an integer number' },
    ]);
  });

  it('other HTTP exceptions keep their status and message', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nowhere')).body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nowhere',
    });
    expect(toProblem(new PayloadTooLargeException()).body).toMatchObject({ status: 413 });
  });

  it('a body the parser rejects is the client’s 4xx', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(toProblem(tooLarge).body).toMatchObject({ status: 413, detail: 'request entity too large' });
  });
});

describe('anything else', () => {
  it('is a generic 500 that leaks neither message nor stack', () => {
    const error = new Error('SQLITE_CORRUPT at /srv/secret/path');
    const problem = toProblem(error, at);
    expect(problem.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred; it has been logged',
      instance: '/streams/case-1',
    });
    expect(problem.serverFault).toBe(true);
  });
});

describe('the filter', () => {
  function run(exception: unknown, headers: Record<string, string> = {}) {
    const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
    const response = {
      headersSent: false,
      status: (code: number) => (sent.status = code),
      setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
      end: (body: string) => (sent.body = body),
    };
    const request = { originalUrl: '/streams/case-1?maxCount=5', headers };
    const host = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    } as unknown as ArgumentsHost;
    new ProblemDetailsFilter().catch(exception, host);
    return { ...sent, json: JSON.parse(sent.body ?? 'null') };
  }

  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('answers application/problem+json with the request as instance', () => {
    const sent = run(new StreamNotFoundError('case-1'));
    expect(sent.status).toBe(404);
    expect(sent.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(sent.json).toMatchObject({ status: 404, instance: '/streams/case-1?maxCount=5' });
  });

  it('reads If-Match from the request', () => {
    expect(run(new WrongExpectedRevisionError('case-1', 1n, 2n), { 'if-match': '"1"' }).status).toBe(412);
  });

  it('logs a server fault with its stack and sends neither', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = run(new Error('disk on fire'));
    expect(sent.status).toBe(500);
    expect(sent.body).not.toContain('disk on fire');
    expect(sent.body).not.toContain('at ');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('disk on fire'));
  });
});

describe('problems from domain rules', () => {
  it.each([
    [DomainError.invalid('household.members[0].idNumber', 'check digit is wrong'), 400],
    [DomainError.forbidden('outside-jurisdiction', 'case of another township'), 403],
    [DomainError.conflict('not-in-publicity', 'the case is not in publicity'), 409],
    [DomainError.notFound('no-standard', 'no standard in force'), 404],
  ])('maps %s to its status with the code and details', (error, status) => {
    const { body, serverFault } = toProblem(error, { instance: '/cases/1' });
    expect(serverFault).toBe(false);
    expect(body).toMatchObject({ status, code: error.code, detail: error.message, instance: '/cases/1' });
  });

  it('names the field of an invalid request in errors[]', () => {
    const { body } = toProblem(DomainError.invalid('household.members[0].idNumber', 'check digit is wrong'));
    expect(body.errors).toEqual([{ field: 'household.members[0].idNumber', message: 'check digit is wrong' }]);
  });
});
