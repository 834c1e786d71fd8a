import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Client } from 'pg';

/** The tables and triggers a store holds, so `init` can say exactly what it added. */
export interface Inventory {
  readonly exists: boolean;
  readonly objects: readonly string[];
}

export function sqliteInventory(file: string): Inventory {
  if (!existsSync(file)) return { exists: false, objects: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as { type: string; name: string }[];
    return { exists: true, objects: rows.map((row) => `${row.type} ${row.name}`) };
  } finally {
    db.close();
  }
}

export async function postgresInventory(connectionString: string, schema: string): Promise<Inventory> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    const tables = await client.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    return { exists: (found.rowCount ?? 0) > 0, objects: tables.rows.map((row) => `table ${row.name}`) };
  } finally {
    await client.end();
  }
}

/** What `after` holds that `before` did not. */
export function added(before: Inventory, after: Inventory): string[] {
  const had = new Set(before.objects);
  return after.objects.filter((object) => !had.has(object));
}
