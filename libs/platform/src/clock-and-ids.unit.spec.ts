import { FixedClock, SystemClock } from './clock';
import { TimeOrderedIdSource, SequentialIdSource } from './ids';

describe('a fixed clock', () => {
  it('stands still until it is set or advanced', () => {
    const clock = new FixedClock('2025-03-01T08:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2025-03-01T08:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2025-03-01T08:01:30.000Z');
    clock.set(new Date('2026-01-01T00:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('cannot be moved by a caller that mutates the date it was given', () => {
    const clock = new FixedClock('2025-03-01T08:00:00.000Z');
    clock.now().setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2025-03-01T08:00:00.000Z');
  });

  it('refuses a date that is not one', () => {
    expect(() => new FixedClock('soon')).toThrow(RangeError);
  });
});

describe('the system clock', () => {
  it('tells the current time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('id sources', () => {
  it('mint UUIDs, sequentially and predictably in tests', () => {
    const ids = new SequentialIdSource();
    expect([ids.newId(), ids.newId()]).toEqual([
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
    ]);
    expect(new SequentialIdSource(255).newId()).toBe('00000000-0000-4000-8000-0000000000ff');
  });

  it('mint distinct version 7 UUIDs in production, in the order they were minted', () => {
    const ids = new TimeOrderedIdSource();
    const minted = Array.from({ length: 50 }, () => ids.newId());
    for (const id of minted) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(minted).size).toBe(minted.length);
    expect([...minted].sort()).toEqual(minted);
  });
});
