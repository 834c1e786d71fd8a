import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent } from './envelope';
import { InvalidEventError } from './errors';
import { canonicalEventJson, GENESIS_HASH, hashEvent, sealEvents } from './hash-chain';

const metadata: EventMetadata = {
  actor: { id: 'o-1', role: 'township-approver', unit: '330602001' },
  commandId: 'c-1',
  correlationId: 'k-1',
  causationId: null,
  occurredAt: '2021-01-01T00:00:00.000Z',
};

const awkwardData = {
  '€': 1,
  '\u0080': 2,
  '日': 3,
  a: [1e21, 1e-7, -0, 0.1 + 0.2, 123456789012, true, null],
  z: { nested: { 'line\nbreak': 'tab\t"quote"\\', emoji: '😀', ls: '\u2028' } },
  B: 'upper',
};

function event(data: Record<string, unknown>, eventId = 'e-1'): NewEvent {
  return { eventId, type: 'Paid', data, metadata };
}

describe('hashing an event', () => {
  it('is SHA-256 of the RFC 8785 canonical form of the envelope without position, time and hash', () => {
    const fields = { eventId: 'e-1', streamId: 'case-1', revision: 7n, type: 'Paid', schemaVersion: 1, data: awkwardData, metadata, prevHash: GENESIS_HASH };
    const expected = createHash('sha256').update(canonicalEventJson(fields)).digest('hex');
    expect(hashEvent(fields)).toBe(expected);
    expect(canonicalEventJson(fields)).toBe(
      canonicalize({ ...fields, revision: 7, prevHash: undefined, integrity: { prevHash: GENESIS_HASH } }),
    );
  });

  it('does not depend on the order of keys in the data', () => {
    const reordered = Object.fromEntries(Object.entries(awkwardData).reverse());
    const base = { eventId: 'e', streamId: 's', revision: 0n, type: 't', schemaVersion: 1, metadata, prevHash: GENESIS_HASH };
    expect(hashEvent({ ...base, data: reordered })).toBe(hashEvent({ ...base, data: awkwardData }));
  });

  it('changes with any covered field', () => {
    const base = { eventId: 'e', streamId: 's', revision: 0n, type: 't', schemaVersion: 1, data: { a: 1 }, metadata, prevHash: GENESIS_HASH };
    const variants = [
      { ...base, eventId: 'f' },
      { ...base, streamId: 'u' },
      { ...base, revision: 1n },
      { ...base, type: 'u' },
      { ...base, schemaVersion: 2 },
      { ...base, data: { a: 2 } },
      { ...base, metadata: { ...metadata, commandId: 'c-2' } },
      { ...base, prevHash: 'f'.repeat(64) },
    ];
    const hashes = new Set([base, ...variants].map(hashEvent));
    expect(hashes.size).toBe(variants.length + 1);
  });
});

describe('sealing a batch of new events', () => {
  it('links each event to the one before, from the given head', () => {
    const sealed = sealEvents('case-1', 5n, 'a'.repeat(64), [event({ a: 1 }, 'e-1'), event({ b: 2 }, 'e-2')]);
    expect(sealed.map((s) => s.revision)).toEqual([5n, 6n]);
    expect(sealed[0].prevHash).toBe('a'.repeat(64));
    expect(sealed[1].prevHash).toBe(sealed[0].hash);
    expect(sealed[1].hash).toBe(
      hashEvent({ eventId: 'e-2', streamId: 'case-1', revision: 6n, type: 'Paid', schemaVersion: 1, data: { b: 2 }, metadata, prevHash: sealed[0].hash }),
    );
    expect(JSON.parse(sealed[0].dataJson)).toEqual({ a: 1 });
  });

  it('refuses data that JSON cannot carry, naming the field', () => {
    expect(() => sealEvents('s', 0n, GENESIS_HASH, [event({ amount: 10n as unknown as number })])).toThrow(InvalidEventError);
    expect(() => sealEvents('s', 0n, GENESIS_HASH, [event({ ok: 1 }), event({ n: Number.NaN })])).toThrow(
      expect.objectContaining({ field: 'events[1].data' }),
    );
    expect(() => sealEvents('s', 0n, GENESIS_HASH, [{ ...event({}), eventId: '' }])).toThrow(
      expect.objectContaining({ field: 'events[0].eventId' }),
    );
  });
});
