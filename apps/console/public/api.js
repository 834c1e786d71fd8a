// The console's one way to the data: the ledger's own HTTP API, with the signed-in official's token.
const TOKEN_KEY = 'ledger-console.token';
const DEV_KEY = 'ledger-console.dev';

/** A failed request, classified for a person: never a stack, always one of these kinds. */
export class ApiError extends Error {
  /**
   * @param {'unreachable'|'expired'|'unauthenticated'|'forbidden'|'validation'|'stale'|'conflict'|'not-found'|'unavailable'|'rate-limited'|'server'} kind
   * @param {number} status
   * @param {any} problem the RFC 7807 body, when there was one
   */
  constructor(kind, status, problem) {
    super(problem?.detail ?? kind);
    this.kind = kind;
    this.status = status;
    this.problem = problem ?? {};
  }

  /** `{ field: message }` of a 400's `errors`. */
  get fieldErrors() {
    const out = {};
    for (const error of this.problem.errors ?? []) out[error.field] ??= error.message;
    return out;
  }
}

const listeners = new Set();

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get viaDevSignIn() {
    return sessionStorage.getItem(DEV_KEY) === '1';
  },
  signIn(token, viaDevSignIn) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(DEV_KEY, viaDevSignIn ? '1' : '0');
    for (const listener of listeners) listener(null);
  },
  /** Forgets the token; `reason` (an ApiError kind) says why, for the sign-in page. */
  signOut(reason = null) {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(DEV_KEY);
    for (const listener of listeners) listener(reason);
  },
  onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The token's claims, for display only: the API checks the token on every request. */
  get principal() {
    const token = this.token;
    if (!token) return null;
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(
        Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
      );
      const claims = JSON.parse(json);
      return { sub: claims.sub, roles: claims.roles ?? [], unit: claims.unit, exp: claims.exp };
    } catch {
      return null;
    }
  },
};

/** The last checkpoint a command answered with: queries pass it as waitFor to read their own writes. */
let lastCheckpoint = null;
export function takeCheckpoint() {
  const checkpoint = lastCheckpoint;
  lastCheckpoint = null;
  return checkpoint;
}

function kindOf(status, problem) {
  if (status === 401) return /expired/i.test(problem?.detail ?? '') ? 'expired' : 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 400) return 'validation';
  if (status === 412) return 'stale';
  if (status === 409) return 'conflict';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 503) return 'unavailable';
  return 'server';
}

async function send(method, path, { query, body, ifMatch, headers = {}, auth = true, signal } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const requestHeaders = { Accept: 'application/json', ...headers };
  if (auth && session.token) requestHeaders.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) requestHeaders['If-Match'] = `"${ifMatch}"`;
  let response;
  try {
    response = await fetch(url, { method, headers: requestHeaders, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError('unreachable', 0, null);
  }
  return response;
}

async function parse(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One request; resolves `{ body, etag }`, rejects with an ApiError. A 401 signs the official out. */
export async function request(method, path, options = {}) {
  const response = await send(method, path, options);
  const body = await parse(response);
  if (!response.ok) {
    const error = new ApiError(kindOf(response.status, body), response.status, body);
    if (response.status === 401 && options.auth !== false) session.signOut(error.kind);
    throw error;
  }
  if (body && typeof body.checkpoint === 'string' && method !== 'GET') lastCheckpoint = body.checkpoint;
  const etag = response.headers.get('ETag');
  return { body, etag: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : null };
}

export const get = (path, query, options = {}) => request('GET', path, { ...options, query });
export const post = (path, body = {}, options = {}) => request('POST', path, { ...options, body });

/** A response body as a file the browser downloads. */
export async function download(path, query, fileName) {
  const response = await send('GET', path, { query });
  if (!response.ok) {
    const body = await parse(response);
    const error = new ApiError(kindOf(response.status, body), response.status, body);
    if (response.status === 401) session.signOut(error.kind);
    throw error;
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return JSON.parse(await blob.text());
}

/**
 * Follows a server-sent event stream with the bearer token (an EventSource cannot send one): each
 * message goes to `onMessage({ event, id, data })`; after a drop it reconnects with Last-Event-ID,
 * so nothing is missed or repeated. Stops when `signal` aborts.
 */
export async function followEvents(path, { query, onMessage, onState, signal }) {
  let lastEventId = null;
  let retryMs = 2000;
  while (!signal.aborted) {
    try {
      onState('connecting');
      const response = await send('GET', path, {
        query,
        headers: { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
        signal,
      });
      if (!response.ok) {
        const body = await parse(response);
        const error = new ApiError(kindOf(response.status, body), response.status, body);
        if (response.status === 401) session.signOut(error.kind);
        if (response.status < 500) throw error;
      } else {
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message = { event: 'message', id: null, data: '' };
            const data = [];
            for (const line of block.split('\n')) {
              if (line === '' || line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') message.event = text;
              else if (field === 'data') data.push(text);
              else if (field === 'id') message.id = text;
              else if (field === 'retry' && /^\d+$/.test(text)) retryMs = Number(text);
            }
            if (message.id) lastEventId = message.id;
            if (data.length > 0) onMessage({ ...message, data: JSON.parse(data.join('\n')) });
          }
        }
      }
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      if (error instanceof ApiError && error.kind !== 'unreachable' && error.status < 500) {
        onState('failed', error);
        return;
      }
    }
    if (signal.aborted) return;
    onState('offline');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
