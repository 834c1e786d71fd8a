import { v7 as uuidv7 } from 'uuid';

/** Mints ids for events, commands and aggregates; deciders never mint their own. */
export interface IdSource {
  newId(): string;
}

export const ID_SOURCE = Symbol('ID_SOURCE');

/**
 * Version 7 UUIDs (RFC 9562): time-ordered with 74 random bits, so every index keyed by an id the
 * system minted (event ids above all) grows at its end instead of touching a random page per insert.
 */
export class TimeOrderedIdSource implements IdSource {
  newId(): string {
    return uuidv7();
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
