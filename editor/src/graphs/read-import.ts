import { formatProblems, parseGraphDocument, type GraphDocument } from '@sluice/sdk/graph';

export type ImportRead = { ok: true; doc: GraphDocument } | { ok: false; message: string };

/** An exported graph file, checked with the SDK's document schema before anything changes. */
export function readImport(fileName: string, text: string): ImportRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${fileName} is not JSON: ${(e as Error).message}` };
  }
  const r = parseGraphDocument(json);
  if (!r.ok)
    return {
      ok: false,
      message: `${fileName} is not a Sluice graph: ${formatProblems(r.problems.slice(0, 5))}${r.problems.length > 5 ? ` (and ${r.problems.length - 5} more)` : ''}`,
    };
  return { ok: true, doc: r.value };
}

/** A file name for a graph's export: its name in kebab-case. */
export function exportFileName(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'graph';
  return `${slug}.sluice.json`;
}
