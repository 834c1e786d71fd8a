import { StoreUnavailableError } from '../errors';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

// SQLSTATE: connection exceptions (08…), server shutting down or starting (57P01-57P03), and too
// many connections (53300).
const SERVER_CODES = /^(08...|57P0[123]|53300)$/;

// node-postgres reports a dropped connection or a pool that could not connect in time with
// plain Errors that carry no code.
const DRIVER_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection closed/i;

/** True when the error says the server cannot be reached or used now, not that a query failed. */
export function isUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: socket errors may come from another realm (a VM context, Jest).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.test(code))) return true;
  return typeof message === 'string' && DRIVER_MESSAGES.test(message);
}

/** The typed error for an unreachable server; any other error is returned unchanged. */
export function translateError(error: unknown, server: string): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  return new StoreUnavailableError(server, String((error as { message?: unknown }).message));
}

/** How errors name the server: host, port and database, never the user or the password. */
export function describeServer(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    const database = url.pathname.replace(/^\//, '') || 'postgres';
    return `PostgreSQL at ${host}:${url.port || '5432'}/${decodeURIComponent(database)}`;
  } catch {
    return 'PostgreSQL';
  }
}
