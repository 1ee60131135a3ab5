/**
 * A readable id for a new node of `type` ("parse-csv-2"), unique among `taken`. Node ids are
 * stored in graphs and named in logs, so they are short and stable rather than random.
 */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const base =
    type
      .replace(/^@[^/]+\//, '')
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .replace(/^[^A-Za-z]+/, '') || 'node';
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`.slice(0, 64);
    if (!taken.has(id)) return id;
  }
}
