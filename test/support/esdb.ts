import { EsdbEventStore } from '../../libs/ledger/src/esdb/esdb-event-store.adapter';

/**
 * Where the suites find a real EventStoreDB / KurrentDB server: ESDB_URL (a connection string),
 * else a KurrentDB container started with testcontainers where a container engine answers. The
 * global setup decides once per run and leaves its verdict in the environment; test files read it.
 */
export const KURRENTDB_IMAGE = process.env.LEDGER_TEST_KURRENTDB_IMAGE ?? 'kurrentplatform/kurrentdb:26.1.1';

const VERDICT = 'LEDGER_TEST_ESDB';
const PROBE_MS = 5000;

type Verdict = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'container' } | { readonly kind: 'none'; readonly reason: string };

/** For the global setup: probes ESDB_URL, or the container engine, each with a deadline. */
export async function decideEsdbServer(): Promise<void> {
  const verdict = await probe();
  process.env[VERDICT] = JSON.stringify(verdict);
  if (verdict.kind === 'none' && process.env.REQUIRE_ESDB === '1') {
    throw new Error(`REQUIRE_ESDB=1 but ${verdict.reason}`);
  }
}

async function probe(): Promise<Verdict> {
  const url = process.env.ESDB_URL?.trim();
  if (url) {
    try {
      const store = await EsdbEventStore.open({ connectionString: url, deadlineMs: PROBE_MS });
      await store.close();
      return { kind: 'url', url };
    } catch (error) {
      return { kind: 'none', reason: `ESDB_URL is set but the server does not answer: ${(error as Error).message}` };
    }
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    // A DOCKER_HOST that accepts and never answers would stall the run for minutes.
    await withDeadline(getContainerRuntimeClient(), PROBE_MS, 'the container engine did not answer');
    return { kind: 'container' };
  } catch (error) {
    return {
      kind: 'none',
      reason: `no ESDB_URL and no container engine for a KurrentDB container (${(error as Error).message.split('\n')[0]})`,
    };
  }
}

/** A KurrentDB node for one test file: the ESDB_URL server, or a container started now. */
export interface EsdbServer {
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function startEsdbServer(): Promise<EsdbServer> {
  const verdict = readVerdict();
  if (verdict.kind === 'url') return { connectionString: verdict.url, stop: async () => undefined };
  if (verdict.kind === 'none') throw new Error(verdict.reason);
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(KURRENTDB_IMAGE)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_MEM_DB: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'None',
      KURRENTDB_CLUSTER_SIZE: '1',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
    .withStartupTimeout(120_000)
    .start();
  return {
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

/**
 * Registers the suite when a server can be had; otherwise a single test that says why it was
 * skipped (and fails under REQUIRE_ESDB=1).
 */
export function describeWithEsdb(name: string, body: () => void): void {
  const verdict = readVerdict();
  if (verdict.kind === 'none') {
    describe(name, () => {
      const required = process.env.REQUIRE_ESDB === '1';
      it(required ? 'needs EventStoreDB (REQUIRE_ESDB=1)' : `is skipped: ${verdict.reason}`, () => {
        if (required) throw new Error(verdict.reason);
        console.warn(`[skipped] ${name}: ${verdict.reason}`);
      });
    });
    return;
  }
  describe(name, body);
}

function readVerdict(): Verdict {
  const raw = process.env[VERDICT];
  return raw ? (JSON.parse(raw) as Verdict) : { kind: 'none', reason: 'the global setup did not look for a server' };
}

function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
