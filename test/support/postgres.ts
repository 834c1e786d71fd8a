import { Client } from 'pg';

/** The PostgreSQL the tests use: DATABASE_URL, or the local test database. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<string | undefined> | undefined;

/**
 * Why PostgreSQL cannot be used, or undefined when it can. With REQUIRE_POSTGRES=1 (CI) an
 * unreachable server fails the run instead of skipping.
 */
export function postgresUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${TEST_DATABASE_URL} is not reachable: ${(error as Error).message}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

/**
 * Registers the suite when PostgreSQL is reachable; otherwise a single test that says why it was
 * skipped (and fails under REQUIRE_POSTGRES=1).
 */
export function describeWithPostgres(name: string, body: () => void): void {
  // Jest collects tests synchronously, so reachability is decided once, before collection, by
  // the global setup, which exports the verdict.
  const reason = process.env.LEDGER_TEST_POSTGRES_UNAVAILABLE;
  if (reason) {
    describe(name, () => {
      const required = process.env.REQUIRE_POSTGRES === '1';
      it(required ? 'needs PostgreSQL (REQUIRE_POSTGRES=1)' : `is skipped: ${reason}`, () => {
        if (required) throw new Error(reason);
        console.warn(`[skipped] ${name}: ${reason}`);
      });
    });
    return;
  }
  describe(name, body);
}

/** A fresh schema name per test file, so suites running in parallel never share tables. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
