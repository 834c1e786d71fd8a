import { type AppConfig, type ConfigOverrides, loadConfig } from '@app/platform';
import type { Command } from 'commander';

/**
 * The store options, which override the environment. They go on the program (before the command:
 * `ledger --data-dir x verify`) and on each store command (after it: `ledger verify --data-dir x`);
 * the program parses options positionally so that other commands may define options of their own
 * under the same names.
 */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--store <kind>', 'event store: sqlite or postgres (LEDGER_STORE)')
    .option('--data-dir <dir>', 'directory of the embedded store (LEDGER_DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL connection URL (DATABASE_URL)');
}

interface GlobalOptions {
  readonly store?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

/** The configuration for a command: the environment, overridden by the global flags and `extra`. */
export function configFor(command: Command, env: NodeJS.ProcessEnv, extra: ConfigOverrides = {}): AppConfig {
  const options = command.optsWithGlobals<GlobalOptions>();
  return loadConfig(env, {
    store: options.store,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    ...extra,
  });
}
