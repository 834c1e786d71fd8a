import { randomUUID } from 'node:crypto';

/** Mints ids for events, commands and aggregates; deciders never mint their own. */
export interface IdSource {
  newId(): string;
}

export const ID_SOURCE = Symbol('ID_SOURCE');

/** Random version 4 UUIDs. */
export class RandomIdSource implements IdSource {
  newId(): string {
    return randomUUID();
  }
}

/**
 * Predictable UUID-shaped ids for tests: 00000000-0000-4000-8000-000000000001, ...002, and so on,
 * so expected events can be written out literally.
 */
export class SequentialIdSource implements IdSource {
  private next: bigint;

  constructor(start: number | bigint = 1) {
    this.next = BigInt(start);
  }

  newId(): string {
    const suffix = (this.next++).toString(16).padStart(12, '0');
    if (suffix.length > 12) throw new RangeError('SequentialIdSource ran out of ids');
    return `00000000-0000-4000-8000-${suffix}`;
  }
}
