import type { Expr } from 'nodejs-polars';

/**
 * Polars expressions kept across the files of one run, keyed by what they do (column names and
 * treatment). Building a nodejs-polars expression object costs about a millisecond of CPU, more
 * than parsing a small file, while expressions are immutable and can serve any number of frames:
 * a folder of files with one schema builds its plan's expressions once. Bounded, so a run over
 * files of ever-changing schemas does not grow it without end.
 */
export class ExprCache {
  private readonly entries = new Map<string, Expr[]>();
  constructor(private readonly limit = 512) {}

  get(key: string, build: () => Expr[]): Expr[] {
    let exprs = this.entries.get(key);
    if (!exprs) {
      if (this.entries.size >= this.limit) this.entries.clear();
      exprs = build();
      this.entries.set(key, exprs);
    }
    return exprs;
  }

  get size(): number {
    return this.entries.size;
  }
}
