import { Command, CommanderError } from 'commander';
import { registerBackupCommands } from './backup/backup.commands';
import { registerBenchCommands } from './bench';
import { registerBundleCommands } from './bundle/bundle.commands';
import { type CliIo, EXIT } from './cli-io';
import { registerConsistencyCommand } from './consistency/consistency.command';
import { addGlobalOptions } from './global-options';
import { registerInitCommand } from './init/init.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerReplayCommand } from './replay/replay.command';
import { registerSampleCommands } from './sample/sample.command';
import { registerRulesCommands } from './rules/rules-evaluate.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerStartCommand } from './start/start.command';
import { registerTokenCommand } from './token/token.command';
import { registerVerifyCommand } from './verify/verify.command';

export type { CliIo } from './cli-io';

/** The `ledger` program, writing to `io`; `setExit` receives each command's exit code. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = addGlobalOptions(new Command('ledger'))
    .description('social-assistance audit ledger: set up, serve and verify the tamper-evident event log, and issue tokens')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });
  registerInitCommand(program, io, setExit);
  registerStartCommand(program, io, setExit);
  registerVerifyCommand(program, io, setExit);
  registerConsistencyCommand(program, io, setExit);
  registerReplayCommand(program, io, setExit);
  registerRebuildCommand(program, io, setExit);
  registerTokenCommand(program, io, setExit);
  registerBackupCommands(program, io, setExit);
  registerBundleCommands(program, io, setExit);
  registerSampleCommands(program, io, setExit);
  registerSeedCommand(program, io, setExit);
  registerRulesCommands(program, io, setExit);
  registerBenchCommands(program);
  return program;
}

/**
 * Runs one command line (without the node and script arguments) and resolves to its exit code:
 * 0 success, 1 a broken chain (`verify`), 2 bad usage or a failure to use the store.
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; usage errors were already written by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.failed;
    }
    io.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
