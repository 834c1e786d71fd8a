import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { registerBundleExportCommand } from './bundle-export.command';
import { registerBundleVerifyCommand } from './bundle-verify.command';

/** Adds one subcommand to the `bundle` group; each lives in its own file. */
export type RegisterBundleSubcommand = (bundle: Command, io: CliIo, setExit: (code: number) => void) => void;

/**
 * `verify` (bundle-verify.command.ts) needs nothing but the files it is given. `export`
 * (bundle-export.command.ts) reads the store and the notary, assembles with `assembleBundle` and
 * writes with `writeBundleFile`; it is registered by adding it to this list.
 */
const SUBCOMMANDS: readonly RegisterBundleSubcommand[] = [registerBundleExportCommand, registerBundleVerifyCommand];

/** `ledger bundle …`: evidence bundles of a case. */
export function registerBundleCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const bundle = program
    .command('bundle')
    .description('evidence bundles: a case’s events with inclusion proofs against one signed tree head, checkable offline');
  for (const register of SUBCOMMANDS) register(bundle, io, setExit);
}
