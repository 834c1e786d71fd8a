import { ConfigError } from '@app/platform';

/** Where a command writes; tests pass collectors, main.ts the process streams. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** The environment the configuration is read from; process.env unless a test passes its own. */
  readonly env?: NodeJS.ProcessEnv;
}

export const EXIT = {
  ok: 0,
  /** `verify`: the chain is broken. */
  broken: 1,
  /** Bad usage or configuration, or the store could not be used. */
  failed: 2,
} as const;

export class CliOutput {
  constructor(private readonly io: CliIo) {}

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  error(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Operator-facing message of a failure: config problems as listed, anything else in one line. */
  failure(command: string, error: unknown): number {
    if (error instanceof ConfigError) this.error(`ledger ${command}: ${error.message}`);
    else this.error(`ledger ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
