import { createHash } from 'node:crypto';

/** Namespace of command ids derived from idempotency keys (a fixed, random UUID). */
export const COMMAND_ID_NAMESPACE = '6f1d3c8e-4a8b-4c2e-9f5d-2b7a9e4c1d60';

/** RFC 9562 version 5 UUID: SHA-1 of namespace and name. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new RangeError(`not a UUID: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The command id of a request with an Idempotency-Key. Scoped to the official, so two officials
 * who happen to pick the same key never see each other's results; the same official retrying
 * gets the first result back.
 */
export function commandIdFor(officialId: string, idempotencyKey: string): string {
  return uuidV5(COMMAND_ID_NAMESPACE, JSON.stringify([officialId, idempotencyKey]));
}
