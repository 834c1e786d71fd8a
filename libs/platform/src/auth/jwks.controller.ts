import { Controller, Get, Header, Inject, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { Public } from './auth.decorators';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/** The public key of the embedded default, so other services can verify its tokens too. */
@ApiTags('Auth')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: "the public key set of this server's token signing key (embedded default only)" })
  @ApiOkResponse({ description: 'a JSON Web Key Set (RFC 7517) with one Ed25519 key' })
  keySet(): JSONWebKeySet {
    const keys = this.verifier.publicKeySet;
    if (!keys) {
      throw new NotFoundException(
        'this server signs no tokens: they come from the identity provider, which publishes its own keys',
      );
    }
    return keys;
  }
}
