import {
  type AppConfig,
  isRole,
  isUnitCode,
  issueToken,
  MalformedClaimsError,
  parseTtl,
  readSigningKey,
  type Role,
  ROLES,
  SigningKeyMissingError,
} from '@app/platform';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { type CliIo, CliOutput, EXIT } from '../cli-io';
import { addGlobalOptions, configFor } from '../global-options';

interface TokenOptions {
  readonly sub: string;
  readonly role: readonly string[];
  readonly unit: string;
  readonly ttl: string;
}

export function registerTokenCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addGlobalOptions(program.command('token'))
    .description("print a bearer token signed with this data directory's key (embedded default only)")
    .requiredOption('--sub <officialId>', "the official's id (claim sub)")
    .requiredOption('--role <role>', `a role the official holds; repeat for several (${ROLES.join(', ')})`, collect, [])
    .requiredOption('--unit <code>', "the official's unit: 4-digit city, 6-digit county or 9-digit township code")
    .option('--ttl <lifetime>', 'how long the token is valid: 90s, 15m, 8h, 7d (at most 30d)', '8h')
    .addHelpText('after', '\nExample:\n  TOKEN=$(ledger token --sub official-7 --role township-approver --unit 330602001)\n')
    .action(async (options: TokenOptions, command: Command) => {
      const out = new CliOutput(io);
      try {
        const config = configFor(command, io.env ?? process.env);
        setExit(await token(config, options, io, out));
      } catch (error) {
        setExit(out.failure('token', error));
      }
    });
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** The token alone on stdout, so `$(ledger token ...)` captures it; what it grants on stderr. */
async function token(config: AppConfig, options: TokenOptions, io: CliIo, out: CliOutput): Promise<number> {
  const { auth } = config;
  if (auth.kind === 'jwks') {
    out.error(`ledger token: tokens come from the identity provider (LEDGER_JWKS_URL is set); this server signs none`);
    return EXIT.failed;
  }
  const usage = usageProblem(options);
  if (usage) {
    out.error(`ledger token: ${usage}`);
    return EXIT.failed;
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(options.ttl);
  } catch (error) {
    out.error(`ledger token: --ttl: ${(error as Error).message}`);
    return EXIT.failed;
  }
  try {
    const key = await readSigningKey(auth.keyDir);
    const issued = await issueToken(
      key,
      { sub: options.sub, roles: options.role as Role[], unit: options.unit },
      { issuer: auth.issuer, audience: auth.audience, now: new Date(), ttlSeconds, tokenId: randomUUID() },
    );
    out.line(issued.token);
    io.stderr.write(
      `token for ${issued.principal.sub} as ${issued.principal.roles.join(', ')} in ${issued.principal.unit}, ` +
        `valid until ${issued.expiresAt.toISOString()} (key ${key.kid})\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof SigningKeyMissingError || error instanceof MalformedClaimsError) {
      out.error(`ledger token: ${error.message}`);
      return EXIT.failed;
    }
    throw error;
  }
}

function usageProblem(options: TokenOptions): string | undefined {
  const unknown = options.role.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    return `unknown role ${unknown.map((role) => JSON.stringify(role)).join(', ')}; roles are ${ROLES.join(', ')}`;
  }
  if (!isUnitCode(options.unit)) {
    return `--unit must be a 4-digit city, 6-digit county or 9-digit township code (got ${JSON.stringify(options.unit)})`;
  }
  return undefined;
}
