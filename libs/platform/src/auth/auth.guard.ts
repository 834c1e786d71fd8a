import { DomainError } from '@app/ledger/domain';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../roles';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import { type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

const REALM = 'assistance-ledger';

interface HttpRequest extends AuthenticatedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * Installed globally: every route needs a valid bearer token unless it is @Public(), and a route
 * with @Roles() needs one of them. Failures are problem details; 401s carry WWW-Authenticate
 * (RFC 6750) and say why the token was refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<HttpRequest>();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    try {
      request.principal = await this.verifier.verify(bearerToken(request.headers.authorization));
    } catch (error) {
      if (error instanceof AuthenticationError) {
        response.setHeader('WWW-Authenticate', challenge(error));
        throw new UnauthorizedException(error.message);
      }
      if (error instanceof KeySetUnavailableError) {
        response.setHeader('Retry-After', '5');
        throw new ServiceUnavailableException("the identity provider's keys could not be fetched; try again shortly", {
          cause: error,
        });
      }
      throw error;
    }

    const required = this.reflector.getAllAndOverride<readonly Role[] | undefined>(REQUIRED_ROLES, targets);
    const held = request.principal.roles;
    if (required && !held.some((role) => required.includes(role))) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope"`);
      throw DomainError.forbidden(
        'role-required',
        `this needs one of the roles ${required.join(', ')}; the token holds ${held.join(', ')}`,
        { requiredRoles: [...required], heldRoles: [...held] },
      );
    }
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new AuthenticationError('missing', 'no bearer token: send the header Authorization: Bearer <token>');
  }
  const match = typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header) : null;
  if (!match) throw new AuthenticationError('malformed-header', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** RFC 6750 §3: no error code when no credentials were sent, invalid_token otherwise. */
function challenge(error: AuthenticationError): string {
  if (error.reason === 'missing') return `Bearer realm="${REALM}"`;
  const description = error.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
  return `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`;
}
