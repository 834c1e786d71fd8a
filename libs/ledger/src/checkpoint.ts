import type { Checkpoint } from './envelope';
import { LOG_START } from './envelope';

// 2^64 - 1 has 20 decimal digits: fixed width makes string order equal numeric order.
const WIDTH = 20;

/** Encodes unsigned 64-bit parts so that string comparison is tuple comparison. */
export function encodeCheckpoint(...parts: readonly bigint[]): Checkpoint {
  // One part is the common case (every event read from SQLite): no array work.
  if (parts.length === 1) return parts[0].toString().padStart(WIDTH, '0');
  return parts.map((part) => part.toString().padStart(WIDTH, '0')).join(':');
}

/** The parts of a checkpoint made by encodeCheckpoint with the same arity; [] for LOG_START. */
export function decodeCheckpoint(checkpoint: Checkpoint, arity: number): bigint[] {
  if (checkpoint === LOG_START) return [];
  const parts = checkpoint.split(':');
  if (parts.length !== arity || parts.some((part) => !/^\d{20}$/.test(part))) {
    throw new RangeError(`not a checkpoint of this store: ${JSON.stringify(checkpoint)}`);
  }
  return parts.map((part) => BigInt(part));
}

/** True when a reader that stands at `reached` has seen the event at `target`. */
export function hasReached(reached: Checkpoint, target: Checkpoint): boolean {
  return reached >= target;
}
