import { revisionOf } from './etag.interceptor';

describe('the revision a response carries', () => {
  it('is its top-level revision when that is a whole number', () => {
    expect(revisionOf({ streamId: 'case-1', revision: 0, state: {} })).toBe(0);
    expect(revisionOf({ revision: 12 })).toBe(12);
  });

  it.each([
    ['a stream that does not exist', { revision: null }],
    ['a revision only inside events', { events: [{ revision: 3 }] }],
    ['a revision that is text', { revision: '3' }],
    ['a negative revision', { revision: -1 }],
    ['no body', undefined],
    ['a list', [{ revision: 1 }]],
  ])('is none for %s', (_situation, body) => {
    expect(revisionOf(body)).toBeUndefined();
  });
});
