import { numberPlaceholders } from './placeholders';

describe('numberPlaceholders', () => {
  it('numbers ? placeholders in order', () => {
    expect(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?)')).toBe(
      'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)',
    );
  });

  it('leaves question marks in strings, quoted identifiers and comments alone', () => {
    expect(numberPlaceholders(`SELECT '?', 'it''s ?', "odd?" FROM t -- why?\nWHERE x = ?`)).toBe(
      `SELECT '?', 'it''s ?', "odd?" FROM t -- why?\nWHERE x = $1`,
    );
  });

  it('returns SQL without placeholders unchanged', () => {
    expect(numberPlaceholders('CREATE TABLE t (a TEXT)')).toBe('CREATE TABLE t (a TEXT)');
  });
});
