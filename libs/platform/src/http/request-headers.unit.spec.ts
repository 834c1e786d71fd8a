import { etagOf, HeaderError, parseCorrelationId, parseIdempotencyKey, parseIfMatch } from './request-headers';

function headerError(run: () => unknown): HeaderError {
  try {
    run();
  } catch (error) {
    if (error instanceof HeaderError) return error;
    throw error;
  }
  throw new Error('expected a HeaderError');
}

describe('If-Match', () => {
  it('absent means no precondition', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each([
    ['"0"', 0n],
    ['"3"', 3n],
    ['W/"3"', 3n],
    [' "42" ', 42n],
    ['"9007199254740991"', 9_007_199_254_740_991n],
  ])('%s is the revision %s', (value, revision) => {
    expect(parseIfMatch(value)).toBe(revision);
  });

  it.each(['3', '"03"', '"-1"', '"3.0"', '*', '"1", "2"', '"no-stream"', '""', '"9007199254740992"', 'W/3'])(
    '%s is a 400 naming If-Match and showing the form it takes',
    (value) => {
      const error = headerError(() => parseIfMatch(value));
      expect(error.field).toBe('If-Match');
      expect(error.message).toMatch(/^If-Match must be the ETag of the revision the command was decided on, e.g. "3"/);
    },
  );

  it('is the ETag a revision is sent as', () => {
    expect(etagOf(7n)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toBe(7n);
  });
});

describe('Idempotency-Key', () => {
  it('is taken bare or as a quoted structured-field string', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"8e03978e"')).toBe('8e03978e');
    expect(parseIdempotencyKey('submit case 17, try 1')).toBe('submit case 17, try 1');
    expect(parseIdempotencyKey('k'.repeat(200))).toHaveLength(200);
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['quoted empty', '""'],
    ['too long', 'k'.repeat(201)],
    ['not printable ASCII', 'clé'],
    ['a control character', 'a\u0007b'],
    ['a quote inside', 'a"b'],
  ])('%s is a 400 naming the header', (_situation, value) => {
    expect(headerError(() => parseIdempotencyKey(value))).toMatchObject({
      field: 'Idempotency-Key',
      message: 'Idempotency-Key must be 1 to 200 printable ASCII characters',
    });
  });

  it('sent twice is refused', () => {
    expect(headerError(() => parseIdempotencyKey(['a', 'b'])).message).toBe('Idempotency-Key must be sent once');
  });
});

describe('X-Correlation-Id', () => {
  it('follows the same rules and names its own header', () => {
    expect(parseCorrelationId('journey-1')).toBe('journey-1');
    expect(headerError(() => parseCorrelationId('x'.repeat(201))).field).toBe('X-Correlation-Id');
  });
});
