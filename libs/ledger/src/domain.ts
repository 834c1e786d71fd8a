import type { Actor } from './envelope';

/** What the API stamps on every command: the time from its clock and the actor from the token. */
export interface CommandMetadata {
  readonly now: string;
  readonly actor: Actor;
}

/** A command as deciders receive it: an order, with the data and the metadata it needs. */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/**
 * invalid: the request breaks a rule about its own content (400, names the field);
 * forbidden: the actor may not do this here (403); conflict: not in the current state (409);
 * not-found: the thing it refers to does not exist (404).
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'conflict' | 'not-found';

/** A decision refused for a rule of the domain; `code` is stable, `details` structured. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(field: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('invalid', 'invalid-field', message, { field, ...details });
  }

  static forbidden(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('forbidden', code, message, details);
  }

  static conflict(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('conflict', code, message, details);
  }

  static notFound(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('not-found', code, message, details);
  }
}
