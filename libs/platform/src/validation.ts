import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
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

/** Deeper than any command body nests; past it class-transformer's recursion overflows the stack (a 500). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys named like members of Object.prototype (__proto__, constructor, valueOf, ...) or `prototype`: class-transformer
 * skips some without a word and class-validator's whitelist looks the rest up in a plain object, so
 * they were silently accepted. No field is named so: refused here like any unknown field.
 */
const isPrototypeKey = (key: string) => key in Object.prototype || key === 'prototype';

/**
 * What the whitelist cannot catch in a request value: a key class-transformer drops, or nesting
 * deeper than MAX_INPUT_DEPTH. Iterative, so a hostile body cannot overflow the stack here either.
 */
export function structuralErrors(value: unknown): FieldError[] {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop() as { value: unknown; path: string; depth: number };
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_INPUT_DEPTH) {
      const field = item.path || 'body';
      return [{ field, message: `${field} nests deeper than ${MAX_INPUT_DEPTH} levels` }];
    }
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
    for (const [key, child] of entries) {
      const path = joinPath(item.path, key);
      if (!Array.isArray(item.value) && isPrototypeKey(key)) return [{ field: path, message: `property ${path} should not exist` }];
      pending.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return [];
}

/** The ValidationPipe, after a structural check of the raw value that its transformation needs. */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const errors = metadata.type === 'custom' ? [] : structuralErrors(value);
    if (errors.length > 0) throw new RequestValidationException(errors);
    return super.transform(value, metadata);
  }
}

/**
 * The pipe every app installs: unknown properties are refused (not silently dropped), values are
 * converted to the DTO's types, and errors name their fields.
 */
export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
