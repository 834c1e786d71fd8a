import type { FieldError } from '../validation';

/** A header the client sent that this API cannot read; rendered as a 400 naming the header. */
export class HeaderError extends Error implements FieldError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'HeaderError';
  }
}

export const MAX_KEY_LENGTH = 200;
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * Idempotency-Key: 1 to 200 printable ASCII characters. The IETF draft sends it as a quoted
 * structured-field string ("abc"), many clients send it bare (abc); both mean the key abc.
 */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  return parseToken('Idempotency-Key', value);
}

/** X-Correlation-Id ties the events of one user action together; same rules as the key. */
export function parseCorrelationId(value: string | string[] | undefined): string | undefined {
  return parseToken('X-Correlation-Id', value);
}

function parseToken(header: string, value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = single(header, value).trim();
  const unquoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
  if (unquoted.length === 0 || unquoted.length > MAX_KEY_LENGTH || !PRINTABLE.test(unquoted) || unquoted.includes('"')) {
    throw new HeaderError(header, `${header} must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters`);
  }
  return unquoted;
}

/**
 * If-Match: the ETag of the revision the client saw, `"3"` (or weakened by a proxy, `W/"3"`).
 * A list or `*` is refused: a command is decided on one state, the one the client saw.
 */
export function parseIfMatch(value: string | string[] | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const text = single('If-Match', value).trim();
  const match = /^(?:W\/)?"(0|[1-9]\d{0,15})"$/.exec(text);
  const revision = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(revision)) {
    throw new HeaderError(
      'If-Match',
      `If-Match must be the ETag of the revision the command was decided on, e.g. "3" (got ${JSON.stringify(text.slice(0, 60))})`,
    );
  }
  return BigInt(revision);
}

/** The ETag of a stream revision. */
export function etagOf(revision: number | bigint): string {
  return `"${revision}"`;
}

function single(header: string, value: string | string[]): string {
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new HeaderError(header, `${header} must be sent once`);
    return value[0];
  }
  return value;
}
