import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

export interface FieldError {
  /** Path of the offending value: `maxCount`, `applicant.idNumber`, `members[2].name`. */
  readonly field: string;
  readonly message: string;
}

/** A 400 that names every offending field; the problem-details filter renders its `errors`. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super({ message: describeFieldErrors(errors), errors });
  }
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.length === 0 ? 'the request is invalid' : errors.map((e) => e.message).join('; ');
}

/** class-validator's nested errors as a flat list of field paths and messages, each said once. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const all = errors.flatMap((error): FieldError[] => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
  const seen = new Set<string>();
  return all.filter((error) => {
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * The pipe every app installs: unknown properties are refused (not silently dropped), values are
 * converted to the DTO's types, and errors name their fields.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
