import { decideEsdbServer } from './esdb';
import { postgresUnavailable } from './postgres';

// Decides once per run whether PostgreSQL is reachable; test files read the verdict from env.
export default async function globalSetup(): Promise<void> {
  const reason = await postgresUnavailable();
  if (reason) {
    process.env.LEDGER_TEST_POSTGRES_UNAVAILABLE = reason;
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(`REQUIRE_POSTGRES=1 but ${reason}`);
    }
  } else {
    delete process.env.LEDGER_TEST_POSTGRES_UNAVAILABLE;
  }
  // The same for a real EventStoreDB / KurrentDB server (ESDB_URL or a container).
  await decideEsdbServer();
}
