import { startApi } from '../../../api/src/server';
import type { Command } from 'commander';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';

export function registerStartCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('start'))
    .description('serve the HTTP API in this process (what `npm start` runs)')
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--port <port>', 'port to listen on (PORT)')
    .action(async (options: { host?: string; port?: string }, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env, { host: options.host, port: options.port });
        const app = await startApi(config);
        // Runs until a signal closes the server.
        await new Promise<void>((resolve) => app.getHttpServer().once('close', () => resolve()));
        setExit(EXIT.ok);
      } catch (error) {
        setExit(out.failure('start', error));
      }
    });
}
