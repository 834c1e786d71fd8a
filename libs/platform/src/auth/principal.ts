import { isUnitCode } from '../jurisdiction';
import { isRole, ROLES, type Role } from '../roles';

/** Who is calling, as the verified token says: the official, the roles they hold, their unit. */
export interface Principal {
  /** The official's id. */
  readonly sub: string;
  /** Known roles, each once, in the token's order. */
  readonly roles: readonly Role[];
  /** Jurisdiction code: 4-digit city, 6-digit county or 9-digit township. */
  readonly unit: string;
}

/** Longest official id accepted; the same bound as the other ids of the API. */
export const MAX_SUBJECT_LENGTH = 200;

/** A claim that is missing or not what this API accepts; the message names the claim. */
export class MalformedClaimsError extends Error {
  constructor(
    readonly claim: string,
    message: string,
  ) {
    super(message);
    this.name = 'MalformedClaimsError';
  }
}

/**
 * The principal from a token's verified payload. Strict: an unknown role or a malformed unit is
 * refused rather than dropped, so a token never grants less, or more, than it appears to.
 */
export function principalFromClaims(payload: Readonly<Record<string, unknown>>): Principal {
  return { sub: subject(payload.sub), roles: roleList(payload.roles), unit: unitCode(payload.unit) };
}

function subject(value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value) || value.length > MAX_SUBJECT_LENGTH) {
    throw new MalformedClaimsError(
      'sub',
      `claim "sub" must be the official's id: 1 to ${MAX_SUBJECT_LENGTH} printable characters without spaces`,
    );
  }
  return value;
}

function roleList(value: unknown): Role[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new MalformedClaimsError('roles', 'claim "roles" must be a non-empty array of roles');
  }
  const roles: Role[] = [];
  for (const [index, role] of value.entries()) {
    if (!isRole(role)) {
      throw new MalformedClaimsError(
        'roles',
        `claim "roles"[${index}] ${JSON.stringify(role)} is not a role; roles are ${ROLES.join(', ')}`,
      );
    }
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}

function unitCode(value: unknown): string {
  if (!isUnitCode(value)) {
    throw new MalformedClaimsError(
      'unit',
      `claim "unit" must be a 4-digit city, 6-digit county or 9-digit township code (got ${JSON.stringify(value ?? null)})`,
    );
  }
  return value;
}
