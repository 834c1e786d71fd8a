import { EsdbEventStore } from '@app/ledger';
import { describeHosts } from '@app/ledger/esdb/esdb-connection';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchSystem, SystemRole } from './bench-system';
import { LedgerStoreSystem } from './ledger-store.system';
import { probePostgres } from './postgres-admin';
import { RawEsdbBaseline } from './raw-esdb.baseline';
import { RawPgBaseline } from './raw-pg.baseline';
import { RawSqliteBaseline } from './raw-sqlite.baseline';
import { type Backend, type BackendResult, renderBackend, summarize } from './report';
import { failedToOpen, type Progress, runTakingTurns, type SystemRun } from './system-run';
import { loggedEvents, workloadSizes, type WorkloadSizes } from './workload-plan';

export interface LedgerBenchConfig {
  readonly backends: readonly Backend[];
  /** Fraction of every count of the workload: 1 is the full PEERS.md workload. */
  readonly scale: number;
  readonly runs: number;
  readonly databaseUrl: string;
  /** The EventStoreDB / KurrentDB server for the esdb backend (ESDB_URL). */
  readonly esdbUrl?: string;
  readonly jsonFile?: string;
}

const ROLE_LABELS: Record<Backend, Record<SystemRole, string>> = {
  sqlite: { raw: 'raw better-sqlite3 (WAL, FULL)', ours: 'ledger on SQLite' },
  postgres: { raw: 'raw pg (text columns, default durability)', ours: 'ledger on PostgreSQL' },
  esdb: { raw: 'raw @eventstore/db-client', ours: 'ledger on EventStoreDB' },
};

/**
 * Runs the PEERS.md workload on each backend: the raw driver and our store, each on a fresh store,
 * in the same process and run, so the ratios compare like with like on a noisy machine. Progress
 * goes to stderr, the tables to stdout.
 */
export async function runLedgerBench(config: LedgerBenchConfig): Promise<void> {
  const progress: Progress = (line) => process.stderr.write(`${line}\n`);
  const sizes = workloadSizes(config.scale);
  const notes: string[] = [];
  let backends = [...new Set(config.backends)];
  let postgresVersion: string | undefined;

  if (backends.includes('postgres')) {
    const probe = await probePostgres(config.databaseUrl);
    if (probe.reachable) {
      postgresVersion = probe.version.split(' ')[0];
    } else {
      const note = `PostgreSQL is unreachable at ${redact(config.databaseUrl)} (${probe.reason}): benchmarking SQLite only.`;
      notes.push(note);
      progress(note);
      backends = ['sqlite'];
    }
  }

  if (backends.includes('esdb')) {
    const reason = config.esdbUrl ? await esdbUnreachable(config.esdbUrl) : 'no ESDB_URL / --esdb-url given';
    if (reason) {
      const note = `EventStoreDB is not available (${reason}): leaving it out.`;
      notes.push(note);
      progress(note);
      backends = backends.filter((backend) => backend !== 'esdb');
    }
  }

  const sqliteVersion = sqliteLibraryVersion();
  progress(
    `workload at scale ${config.scale}: ${loggedEvents(sizes).toLocaleString('en-US')} events appended per store, ` +
      `${config.runs} run(s), backends ${backends.join(', ')}`,
  );

  const results: BackendResult[] = [];
  for (const backend of backends) {
    const runs: Record<SystemRole, SystemRun[]> = { raw: [], ours: [] };
    for (let run = 1; run <= config.runs; run += 1) {
      // Alternate who goes first, so neither always gets the cooler disk cache.
      const order: SystemRole[] = run % 2 === 1 ? ['raw', 'ours'] : ['ours', 'raw'];
      progress(`[${backend} run ${run}/${config.runs}] ${order.map((role) => ROLE_LABELS[backend][role]).join(' and ')}, fresh stores`);
      const measured = await measure(backend, order, config, sizes, progress);
      order.forEach((role, i) => runs[role].push(measured[i]));
    }
    const title =
      backend === 'sqlite'
        ? `SQLite ${sqliteVersion} (better-sqlite3, WAL, synchronous=FULL)`
        : backend === 'postgres'
          ? `PostgreSQL ${postgresVersion} (pg 8, default durability)`
          : `EventStoreDB / KurrentDB at ${describeHosts(config.esdbUrl ?? '')} (@eventstore/db-client 6)`;
    results.push({ backend, title, raw: runs.raw, ours: runs.ours });
  }

  const header = [
    `Ledger benchmark — scale ${config.scale} (${loggedEvents(sizes).toLocaleString('en-US')} events per store), ` +
      `Node ${process.version}, ${cpus().length} cores`,
    ...notes,
  ];
  const tables = results.map((result) => renderBackend(result, config.runs));
  process.stdout.write(`${[...header, '', tables.join('\n\n')].join('\n')}\n`);

  if (config.jsonFile) {
    writeFileSync(config.jsonFile, `${JSON.stringify(jsonReport(config, sizes, notes, results), null, 2)}\n`);
    progress(`raw numbers written to ${config.jsonFile}`);
  }
}

/** Opens a fresh store per role, runs them taking turns, and deletes the stores whatever happens. */
async function measure(
  backend: Backend,
  roles: readonly SystemRole[],
  config: LedgerBenchConfig,
  sizes: WorkloadSizes,
  progress: Progress,
): Promise<SystemRun[]> {
  const opened: (BenchSystem | SystemRun)[] = [];
  try {
    for (const role of roles) {
      try {
        opened.push(await openSystem(backend, role, config));
      } catch (error) {
        const failed = failedToOpen(ROLE_LABELS[backend][role], error);
        progress(`${failed.label}: could not open: ${failed.errors.open}`);
        opened.push(failed);
      }
    }
    const systems = opened.filter(isSystem);
    const measured = await runTakingTurns(systems, sizes, progress);
    return opened.map((entry) => (isSystem(entry) ? measured[systems.indexOf(entry)] : entry));
  } finally {
    for (const system of opened.filter(isSystem)) {
      await system.dispose().catch((error) => progress(`${system.label}: clean-up failed: ${String(error)}`));
    }
  }
}

const isSystem = (entry: BenchSystem | SystemRun): entry is BenchSystem => 'dispose' in entry;

async function openSystem(backend: Backend, role: SystemRole, config: LedgerBenchConfig): Promise<BenchSystem> {
  switch (backend) {
    case 'sqlite':
      return role === 'raw' ? RawSqliteBaseline.open() : LedgerStoreSystem.openSqlite();
    case 'postgres':
      return role === 'raw' ? RawPgBaseline.open(config.databaseUrl) : LedgerStoreSystem.openPostgres(config.databaseUrl);
    case 'esdb': {
      const url = config.esdbUrl ?? '';
      return role === 'raw' ? RawEsdbBaseline.open(url) : LedgerStoreSystem.openEsdb(url);
    }
  }
}

/** Why the server cannot be used, or undefined; the adapter's own deadline bounds the probe. */
async function esdbUnreachable(connectionString: string): Promise<string | undefined> {
  try {
    const store = await EsdbEventStore.open({ connectionString, deadlineMs: 5000 });
    await store.close();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function jsonReport(
  config: LedgerBenchConfig,
  sizes: WorkloadSizes,
  notes: readonly string[],
  results: readonly BackendResult[],
) {
  return {
    generatedAt: new Date().toISOString(),
    config: { ...config, databaseUrl: redact(config.databaseUrl), esdbUrl: config.esdbUrl && describeHosts(config.esdbUrl) },
    environment: { node: process.version, cores: cpus().length, sqlite: sqliteLibraryVersion() },
    sizes,
    notes,
    backends: results.map((result) => ({
      backend: result.backend,
      title: result.title,
      summary: summarize(result),
      runs: { raw: result.raw, ours: result.ours },
    })),
  };
}

function sqliteLibraryVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  } finally {
    db.close();
  }
}

/** Connection strings may carry a password; it is never printed. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable connection string)';
  }
}
