import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type Clock, CLOCK } from '../clock';
import type { AppConfig } from '../config';
import { CONFIG } from '../platform.module';
import { AuthGuard } from './auth.guard';
import { JwksController } from './jwks.controller';
import { ensureSigningKey } from './signing-key';
import { embeddedTokenVerifier, jwksTokenVerifier, TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/**
 * The verifier for the configured mode. The embedded default makes its key pair on first start,
 * so `npm start` on a fresh machine needs no configuration; `ledger init` makes the same files.
 */
export async function createTokenVerifier(
  config: AppConfig,
  clock: Clock,
  logger = new Logger('Auth'),
): Promise<TokenVerifier> {
  const { auth } = config;
  if (auth.kind === 'jwks') return jwksTokenVerifier(auth, clock);
  const { key, created } = await ensureSigningKey(auth.keyDir);
  if (created) {
    logger.log(
      `created token signing key ${key.files.privateKey} (EdDSA Ed25519, kid ${key.kid}); \`ledger token\` signs with it`,
    );
  }
  return embeddedTokenVerifier(key, auth, clock);
}

const verifierProvider: Provider = {
  provide: TOKEN_VERIFIER,
  inject: [CONFIG, CLOCK],
  useFactory: async (config: AppConfig, clock: Clock): Promise<TokenVerifier> => {
    const logger = new Logger('Auth');
    const verifier = await createTokenVerifier(config, clock, logger);
    logger.log(`accepting ${verifier.description}`);
    return verifier;
  },
};

/**
 * Bearer-token authentication for every route of the app (a global guard) and the JWKS endpoint.
 * Needs PlatformModule (CONFIG, CLOCK). Tests may pass their own verifier.
 */
@Module({})
export class AuthModule {
  static forRoot(options: { readonly verifier?: TokenVerifier } = {}): DynamicModule {
    return {
      module: AuthModule,
      controllers: [JwksController],
      providers: [
        options.verifier ? { provide: TOKEN_VERIFIER, useValue: options.verifier } : verifierProvider,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
