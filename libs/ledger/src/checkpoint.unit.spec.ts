import { decodeCheckpoint, encodeCheckpoint, hasReached } from './checkpoint';
import { LOG_START } from './envelope';

// A small deterministic generator, so a failure can be reproduced.
function* pairs(count: number): Generator<[bigint, bigint]> {
  let x = 0x2545f4914f6cdd1dn;
  const next = () => (x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n);
  for (let i = 0; i < count; i++) yield [next() >> BigInt(i % 60), next() >> BigInt((i * 7) % 60)];
}

describe('checkpoints', () => {
  it('compare as strings exactly as their parts compare as tuples', () => {
    const all = [...pairs(500)];
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      const tupleLess = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
      expect(encodeCheckpoint(...a) < encodeCheckpoint(...b)).toBe(tupleLess);
    }
  });

  it('decode to what was encoded, and refuse another store’s checkpoint', () => {
    expect(decodeCheckpoint(encodeCheckpoint(2n ** 64n - 1n, 0n), 2)).toEqual([2n ** 64n - 1n, 0n]);
    expect(decodeCheckpoint(LOG_START, 1)).toEqual([]);
    expect(() => decodeCheckpoint(encodeCheckpoint(1n, 2n), 1)).toThrow(RangeError);
    expect(() => decodeCheckpoint('42', 1)).toThrow(RangeError);
  });

  it('say a reader at or past a checkpoint has reached it', () => {
    expect(hasReached(encodeCheckpoint(10n), encodeCheckpoint(9n))).toBe(true);
    expect(hasReached(encodeCheckpoint(9n), encodeCheckpoint(9n))).toBe(true);
    expect(hasReached(LOG_START, encodeCheckpoint(1n))).toBe(false);
  });
});
