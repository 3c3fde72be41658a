import type { Database, RunResult, Statement } from 'better-sqlite3';

/**
 * One INSERT of many rows costs SQLite much less per row than one statement per row (one
 * statement start and, for AUTOINCREMENT, one sequence update per statement instead of per
 * row). Prepared statements have a fixed number of rows, so a batch is cut into chunks of these
 * sizes: at most a few single-row statements are left at the end.
 */
const SIZES = [64, 8, 1] as const;

export class ChunkedStatement {
  private readonly statements: [number, Statement<unknown[]>][];

  /** `sql(rows)` is the statement for that many rows, e.g. `INSERT … VALUES (?, ?), (?, ?)`. */
  constructor(db: Database, sql: (rows: number) => string) {
    this.statements = SIZES.map((size) => [size, db.prepare(sql(size))]);
  }

  /**
   * Runs rows [0, count) in chunks; `params(start, size)` gives the flat parameter list of one
   * chunk and `done` receives each chunk's result.
   */
  run(
    count: number,
    params: (start: number, size: number) => unknown[],
    done?: (start: number, size: number, result: RunResult) => void,
  ): void {
    let start = 0;
    for (const [size, statement] of this.statements) {
      while (count - start >= size) {
        const result = statement.run(params(start, size));
        done?.(start, size, result);
        start += size;
      }
    }
  }
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` values. */
export function placeholders(columns: number, rows: number): string {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rows).fill(row).join(', ');
}
