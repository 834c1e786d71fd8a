import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/platform';
import { startApi } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  await startApi(config);
}

main().catch((error: unknown) => {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
