import fc from 'fast-check';
import type { CommandEndpoint, RawRequest } from './command-endpoints';

/** Tokens the generated requests carry: one that passes every role check, and broken ones. */
export interface FuzzTokens {
  /** Every role, city-wide: the request reaches validation and the command. */
  readonly broad: string;
  /** Every role of one township. */
  readonly township: string;
  /** Signed by the right key, but long expired. */
  readonly expired: string;
}

/** Keys that try prototype pollution; JSON.parse makes them own properties. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'] as const;

/** Characters Node's HTTP client lets through in a header value (latin1, no control characters). */
const headerSafe = (text: string) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Strings that stress a parser: huge, lone surrogates, NUL, RTL marks, emoji, look-alike digits. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff', 'a\ud800b', '\u202e330602', '３３０６０２', '1e309', 'NaN', '-0', 'null', 'true', '{}', '[]'),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(...POLLUTION_KEYS),
);

/** Numbers a naive check lets through: out of range, non-integers, non-finite as text. */
export const nastyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 1e308, -1e308, 5e-324, 0.1, -1, 2 ** 53, 2 ** 63),
);

/** A JSON value of any shape, up to a depth that stays under the body limit. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(printable, fc.constantFrom(...POLLUTION_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** `[[[[...]]]]` or `{"a":{"a":...}}` deep enough to trouble a recursive walker. */
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([depth, array]) =>
  array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
);

/** A body that can never be a valid command: broken JSON, the wrong shape, or an unknown field. */
export function defectiveBody(endpoint: CommandEndpoint): fc.Arbitrary<string> {
  const known = endpoint.bodyProperties ?? [];
  const knownValues = known.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...known), anyJson, { maxKeys: known.length });
  const unknownKey = fc.oneof(printable, fc.constantFrom(...POLLUTION_KEYS)).filter((key) => !known.includes(key));
  return fc.oneof(
    // Malformed JSON text.
    fc.constantFrom('{', '{"a":}', "{'a':1}", '{"a":1,}', 'undefined', '\u0000', '{"a":1}{', '[1,2', 'NaN', '{"a":01}', '"\\ud800"x'),
    fc.string({ maxLength: 60 }).filter((text) => !isJson(text)),
    // The wrong shape: an array, a scalar, null, deep nesting.
    fc.oneof(fc.array(anyJson, { maxLength: 3 }), fc.constant(null), fc.boolean(), nastyNumber, nastyString).map((v) => JSON.stringify(v) ?? 'null'),
    deepNesting,
    // Plausible fields with wrong values plus one the API does not know (also __proto__ and friends).
    fc.tuple(knownValues, unknownKey, anyJson).map(([values, key, value]) => withKey(JSON.stringify(values), key, value)),
  );
}

/** Any body at all, as noise around another defect. */
export function anyBody(endpoint: CommandEndpoint): fc.Arbitrary<string | undefined> {
  const known = endpoint.bodyProperties ?? [];
  const knownValues = known.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...known), anyJson, { maxKeys: known.length });
  return fc.oneof(fc.constant(undefined), knownValues.map((v) => JSON.stringify(v)), defectiveBody(endpoint));
}

/** `{...values, "key": value}` written as text, so a key like __proto__ stays an own property. */
export function withKey(objectJson: string, key: string, value: unknown): string {
  const member = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
  return objectJson === '{}' ? `{${member}}` : `${objectJson.slice(0, -1)},${member}}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Path values that cannot name anything: slashes, dot segments, bad or odd escapes, very long. */
export const badPathValue = fc.oneof(
  fc.constantFrom('..', '.', '%2F', 'a%2Fb', 'a/b', '%00', '%ZZ', '%E0%A4%A', '%ff', '%C0%AE', '__proto__', 'constructor', '%20', 'case-', '-1', '1e3', '0x10'),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(`${s}/${s}`)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(`~${s}`)),
  fc.integer({ min: 300, max: 2000 }).map((n) => 'z'.repeat(n)),
);

/** Path values that look right, so the request goes as deep as the body lets it. */
const plausiblePathValue = fc.constantFrom('330602001', '330602', '3306', '2021-03', 'case-1', 'sx-0001', '00000000-0000-4000-8000-000000000000', '1');

const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.oneof(printable, fc.constantFrom('waitFor', 'asOf', '__proto__', 'page[size]')), fc.oneof(printable, fc.constant('x'.repeat(1500))), {
    maxKeys: 3,
  }).map((q) => `?${new URLSearchParams(q).toString()}`),
  fc.constantFrom('?%ZZ', '?a=%E0%A4%A', '?__proto__[polluted]=1', '?constructor[prototype][polluted]=1', '?a[b][c][d][e][f]=1'),
);

const badIfMatch = fc.oneof(
  fc.constantFrom('*', '3', '"-1"', '"abc"', '"1", "2"', '"99999999999999999"', 'W/3', '""', '"01"', '"1.5"', 'W/"x"', '"\u00e9"'),
  printable.filter((s) => !/^\s*(?:W\/)?"(0|[1-9]\d{0,15})"\s*$/.test(s)),
);
const badToken = fc.oneof(
  fc.constantFrom('', '   ', '""', '"a"b"', '\u00e9t\u00e9', 'x'.repeat(201), '"' + 'x'.repeat(201) + '"', '\t'),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 10 }),
);
const goodToken = fc.oneof(fc.uuid(), printable.filter((s) => s.trim().length > 0 && !s.includes('"')));
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'ap/plication',
  '',
);

type AuthKind = 'broad' | 'township' | 'expired' | 'none' | 'garbage';
const badAuth = fc.oneof(
  fc.constant<[AuthKind, string]>(['expired', '']),
  fc.constant<[AuthKind, string]>(['none', '']),
  fc.oneof(
    fc.constantFrom('', 'Bearer', 'Bearer ', 'Bearer a.b.c', 'Basic YWRtaW46YWRtaW4=', 'Bearer eyJhbGciOiJub25lIn0.e30.', 'Token x', 'Bearer \u00e9'),
    printable,
  ).map((value): [AuthKind, string] => ['garbage', value]),
);
const goodAuth = fc.constantFrom<[AuthKind, string]>(['broad', ''], ['township', '']);

export type Defect = 'body' | 'header' | 'auth' | 'path';

export interface FuzzRequest {
  readonly defect: Defect;
  readonly request: RawRequest;
}

/**
 * A request to the endpoint that carries at least one defect (in its body, a command header, its
 * token or a path value) and random noise everywhere else.
 */
export function defectiveRequest(endpoint: CommandEndpoint, tokens: FuzzTokens): fc.Arbitrary<FuzzRequest> {
  const defects: Defect[] = ['body', 'header', 'auth'];
  if (endpoint.pathParams.length > 0) defects.push('path');
  return fc.constantFrom(...defects).chain((defect) =>
    fc
      .record({
        pathValues: fc.array(defect === 'path' ? fc.oneof(badPathValue, plausiblePathValue) : fc.oneof(plausiblePathValue, badPathValue), {
          minLength: endpoint.pathParams.length,
          maxLength: endpoint.pathParams.length,
        }),
        broken: fc.nat({ max: Math.max(0, endpoint.pathParams.length - 1) }),
        badPath: badPathValue,
        query,
        body: defect === 'body' ? defectiveBody(endpoint) : anyBody(endpoint),
        contentType: defect === 'body' ? fc.constantFrom('application/json', 'application/json; charset=utf-8') : contentType,
        auth: defect === 'auth' ? badAuth : goodAuth,
        ifMatch: fc.option(fc.oneof(fc.nat({ max: 5 }).map((n) => `"${n}"`), badIfMatch)),
        idempotencyKey: fc.option(fc.oneof(goodToken, badToken)),
        correlationId: fc.option(fc.oneof(goodToken, badToken)),
        badHeader: fc.oneof(
          badIfMatch.map((v) => ['If-Match', v] as const),
          badToken.map((v) => ['Idempotency-Key', v] as const),
          badToken.map((v) => ['X-Correlation-Id', v] as const),
        ),
      })
      .map((g): FuzzRequest => {
        const values = [...g.pathValues];
        if (defect === 'path') values[g.broken] = g.badPath;
        let path = endpoint.path;
        endpoint.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, values[i])));
        const headers: Record<string, string> = {};
        const [authKind, authValue] = g.auth;
        if (authKind === 'broad') headers.Authorization = tokens.broad;
        else if (authKind === 'township') headers.Authorization = tokens.township;
        else if (authKind === 'expired') headers.Authorization = tokens.expired;
        else if (authKind === 'garbage') headers.Authorization = headerSafe(authValue);
        if (g.ifMatch !== null) headers['If-Match'] = headerSafe(g.ifMatch);
        if (g.idempotencyKey !== null) headers['Idempotency-Key'] = headerSafe(g.idempotencyKey);
        if (g.correlationId !== null) headers['X-Correlation-Id'] = headerSafe(g.correlationId);
        if (defect === 'header') headers[g.badHeader[0]] = headerSafe(g.badHeader[1]);
        if (g.body !== undefined && g.contentType !== '') headers['Content-Type'] = g.contentType;
        return { defect, request: { method: endpoint.method, path: path + g.query, headers, body: g.body } };
      }),
  );
}
