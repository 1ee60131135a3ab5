import type { RunIssue } from './run-types.ts';

/**
 * Errors or warnings of a run, kept up to a limit so that a run over a million broken files does not
 * hold a million messages; the count goes on and the summary says how many were left out.
 */
export class IssueList {
  readonly items: RunIssue[] = [];
  count = 0;

  constructor(private readonly limit = 1000) {}

  add(issue: RunIssue): boolean {
    this.count++;
    if (this.items.length >= this.limit) return false;
    this.items.push(issue);
    return true;
  }

  list(): RunIssue[] {
    if (this.count <= this.items.length) return [...this.items];
    return [...this.items, { at: new Date().toISOString(), message: `${this.count - this.items.length} more not listed` }];
  }
}
