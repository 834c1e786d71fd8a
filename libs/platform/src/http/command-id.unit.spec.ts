import { commandIdFor, uuidV5 } from './command-id';

describe('version 5 UUIDs', () => {
  it('match the published value for the DNS namespace', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('refuse a namespace that is not a UUID', () => {
    expect(() => uuidV5('not-a-uuid', 'x')).toThrow(RangeError);
  });
});

describe('the command id of an idempotency key', () => {
  it('is the same for the same official and key, so a retry is recognised', () => {
    expect(commandIdFor('official-7', 'key-1')).toBe(commandIdFor('official-7', 'key-1'));
    expect(commandIdFor('official-7', 'key-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs between officials who chose the same key, and cannot be confused by where one string ends', () => {
    expect(commandIdFor('official-7', 'key-1')).not.toBe(commandIdFor('official-8', 'key-1'));
    expect(commandIdFor('a', 'bc')).not.toBe(commandIdFor('ab', 'c'));
  });
});
