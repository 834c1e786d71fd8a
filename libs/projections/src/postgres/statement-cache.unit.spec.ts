import { StatementCache } from './statement-cache';

describe('StatementCache', () => {
  it('names a statement at its second use, with numbered placeholders, and keeps the name', () => {
    const cache = new StatementCache('rs');
    const sql = 'UPDATE t SET a = ? WHERE id = ?';
    expect(cache.statement(sql)).toEqual({ text: 'UPDATE t SET a = $1 WHERE id = $2' });
    const named = cache.statement(sql);
    expect(named).toEqual({ text: 'UPDATE t SET a = $1 WHERE id = $2', name: 'rs_1' });
    expect(cache.statement(sql)).toBe(named);
    cache.statement('SELECT a FROM t');
    expect(cache.statement('SELECT a FROM t').name).toBe('rs_2');
  });

  it('never names a statement whose result columns depend on the table (*)', () => {
    const cache = new StatementCache('rs');
    for (let i = 0; i < 3; i++) expect(cache.statement('SELECT * FROM t WHERE id = ?')).toEqual({ text: 'SELECT * FROM t WHERE id = $1' });
  });

  it('stops naming once it holds its limit, so dynamic SQL cannot fill the connections', () => {
    const cache = new StatementCache('rs');
    for (let i = 0; i < 256; i++) {
      cache.statement(`SELECT ${i}`);
      expect(cache.statement(`SELECT ${i}`).name).toBe(`rs_${i + 1}`);
    }
    cache.statement('SELECT 1000');
    expect(cache.statement('SELECT 1000').name).toBeUndefined();
    expect(cache.statement('SELECT 0').name).toBe('rs_1');
  });
});
