import Database from 'better-sqlite3';
import { cpus, freemem, platform, release, totalmem, arch } from 'node:os';
import { Client } from 'pg';

export interface MachineDescription {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly sqlite: string;
  readonly postgres: string;
  readonly durability: { readonly sqlite: string; readonly postgres: string };
}

/** The machine the numbers were measured on; PostgreSQL only when a server answers at `databaseUrl`. */
export async function describeMachine(databaseUrl: string): Promise<MachineDescription> {
  const cpu = cpus();
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  let postgres = 'unreachable';
  let synchronousCommit = 'n/a (unreachable)';
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    postgres = String((await client.query('SHOW server_version')).rows[0].server_version);
    synchronousCommit = String((await client.query('SHOW synchronous_commit')).rows[0].synchronous_commit);
  } catch (error) {
    postgres = `unreachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    sqlite,
    postgres,
    durability: {
      sqlite: 'event store: WAL, synchronous=FULL',
      postgres: `synchronous_commit=${synchronousCommit}`,
    },
  };
}

export function machineTable(machine: MachineDescription): string {
  const rows: [string, string][] = [
    ['cores', String(machine.cores)],
    ['CPU', machine.cpuModel],
    ['memory', `${machine.memoryGiB} GiB (${machine.freeMemoryGiB} GiB free)`],
    ['Node.js', machine.node],
    ['OS', machine.os],
    ['SQLite', machine.sqlite],
    ['PostgreSQL', machine.postgres],
    ['SQLite durability', machine.durability.sqlite],
    ['PostgreSQL durability', machine.durability.postgres],
  ];
  return ['| machine | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
