import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Role } from '../roles';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'assistance-ledger:public';
export const REQUIRED_ROLES = 'assistance-ledger:roles';

/**
 * The route needs no token. In the OpenAPI document its security requirement is the empty one
 * (`{}`), which overrides the document's bearer requirement.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}));

/** The principal must hold at least one of these roles, else 403. On a handler or a controller. */
export const Roles = (...roles: readonly Role[]): MethodDecorator & ClassDecorator => {
  if (roles.length === 0) throw new TypeError('@Roles() needs at least one role');
  return SetMetadata(REQUIRED_ROLES, roles);
};

/** Where the guard leaves the verified principal on the request. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

export function principalOf(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Only reachable from a @Public() route that asks for a principal anyway: still no entry.
  if (!principal) throw new UnauthorizedException('this route has no authenticated principal');
  return principal;
}

/** The verified principal of the request: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context),
);
