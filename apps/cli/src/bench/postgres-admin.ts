import { Client } from 'pg';

export type PostgresProbe =
  | { readonly reachable: true; readonly version: string }
  | { readonly reachable: false; readonly reason: string };

/** One short connection: is the server there, and which version is it. */
export async function probePostgres(connectionString: string): Promise<PostgresProbe> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return { reachable: true, version: result.rows[0].server_version };
  } catch (error) {
    return { reachable: false, reason: (error as Error).message || String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

let schemaCounter = 0;

/** A schema name no earlier run uses, so every system starts from an empty store. */
export function freshSchemaName(role: string): string {
  schemaCounter += 1;
  return `bench_${role}_${process.pid}_${Date.now().toString(36)}_${schemaCounter}`;
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
