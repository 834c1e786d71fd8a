/** The only source of "now" outside tests: the API stamps it on commands, deciders read it. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told otherwise. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-01-01T00:00:00.000Z') {
    this.current = FixedClock.toMillis(start);
  }

  now(): Date {
    // A fresh Date each time: a caller that mutates its copy cannot move the clock.
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = FixedClock.toMillis(to);
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds)) throw new RangeError('advance needs a finite number of milliseconds');
    this.current += milliseconds;
  }

  private static toMillis(value: Date | string): number {
    const millis = new Date(value).getTime();
    if (Number.isNaN(millis)) throw new RangeError(`not a date: ${String(value)}`);
    return millis;
  }
}
