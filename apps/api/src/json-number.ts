/**
 * Revisions and positions are bigint in the ledger and JSON numbers on the wire. A ledger would need
 * 2^53 events before this throws; if it ever does, it is better to fail loudly than to round.
 */
export function toJsonNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${value} cannot be written as an exact JSON number`);
  }
  return Number(value);
}
