import { type Command, InvalidArgumentError, Option } from 'commander';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type BenchStore = 'sqlite' | 'postgres';

/** `--database-url`, falling back to DATABASE_URL and then the local test database. */
export function databaseUrlOption(): Option {
  return new Option('--database-url <url>', `PostgreSQL connection string (default ${DEFAULT_DATABASE_URL})`).env(
    'DATABASE_URL',
  );
}

/**
 * The program may declare --database-url as a global option, which then takes the flag even when
 * it is written after the bench command: a flag, wherever it was written, wins over DATABASE_URL.
 */
export function databaseUrlOf(options: { readonly databaseUrl?: string }, command: Command): string {
  const own = options.databaseUrl;
  if (own !== undefined && command.getOptionValueSource('databaseUrl') === 'cli') return own;
  const inherited = command.parent?.optsWithGlobals<{ databaseUrl?: string }>().databaseUrl;
  return inherited ?? own ?? DEFAULT_DATABASE_URL;
}

/** `--store` after the command, else the program's `--store` before it, else the command's default. */
export function storeOf(options: { readonly store: BenchStore }, command: Command): BenchStore {
  if (command.getOptionValueSource('store') === 'cli') return options.store;
  const inherited = command.parent?.optsWithGlobals<{ store?: string }>().store;
  if (inherited === undefined) return options.store;
  if (inherited !== 'sqlite' && inherited !== 'postgres') {
    throw new InvalidArgumentError(`--store must be sqlite or postgres, not ${inherited}`);
  }
  return inherited;
}

export function parseWhole(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
}
