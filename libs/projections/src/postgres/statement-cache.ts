import { numberPlaceholders } from './placeholders';

/** A statement as pg sends it: `$n` placeholders, and a name if PostgreSQL may keep it prepared. */
export interface PgStatement {
  readonly text: string;
  readonly name?: string;
}

/** Most statements kept prepared (on every connection that runs them). */
const NAMED_MAX = 256;

/**
 * Names the statements run again and again, so that each connection parses and plans them once
 * and then only binds and executes them: a projection runs the same few statements for every
 * event. A text is named at its second use, so one-off dynamic SQL takes no place.
 *
 * A text with `*` stays unnamed: a prepared statement's result columns are fixed when it is
 * prepared, and `SELECT *` over a table whose columns changed since would fail ("cached plan must
 * not change result type"); named columns do not change under it.
 */
export class StatementCache {
  private readonly named = new Map<string, PgStatement>();
  private readonly seenOnce = new Set<string>();

  constructor(private readonly prefix: string) {}

  statement(sql: string): PgStatement {
    const known = this.named.get(sql);
    if (known) return known;
    const text = numberPlaceholders(sql);
    if (sql.includes('*') || this.named.size >= NAMED_MAX) return { text };
    if (!this.seenOnce.delete(sql)) {
      if (this.seenOnce.size >= NAMED_MAX) this.seenOnce.clear();
      this.seenOnce.add(sql);
      return { text };
    }
    // A name always stands for the same text: pg refuses to reuse one for another statement.
    const statement = { text, name: `${this.prefix}_${this.named.size + 1}` };
    this.named.set(sql, statement);
    return statement;
  }
}
