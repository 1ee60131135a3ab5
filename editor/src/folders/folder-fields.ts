import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { folderKindOf, type FolderKind } from '@sluice/sdk/wire';
import { formModel } from '../inspector/form-model.ts';
import { folderToCheck } from './folder-check.ts';

/** A top-level config field that is a local folder (schema meta `pathKind`). */
export interface FolderField {
  key: string;
  title: string;
  kind: FolderKind;
  default?: unknown;
}

const byType = new WeakMap<NodeTypeInfo, FolderField[]>();

/** The folder fields of a node type, read once per type from its config schema (never from its name). */
export function folderFieldsOf(info: NodeTypeInfo): FolderField[] {
  let fields = byType.get(info);
  if (!fields) {
    fields = formModel(info.configSchema).flatMap((f) =>
      f.pathKind ? [{ key: f.key, title: f.title, kind: folderKindOf(f.pathKind), default: f.default }] : [],
    );
    byType.set(info, fields);
  }
  return fields;
}

/** One folder a node names, to check against the roots. */
export interface NamedFolder {
  node: string;
  title: string;
  kind: FolderKind;
  path: string;
}

/** Every local folder the nodes name (a field left unset counts at its default; URLs are not folders). */
export function namedFolders(
  nodes: readonly { id: string; type: string; config: Record<string, unknown> }[],
  typeOf: (t: string) => NodeTypeInfo | undefined,
): NamedFolder[] {
  const out: NamedFolder[] = [];
  for (const n of nodes) {
    const info = typeOf(n.type);
    if (!info) continue;
    for (const f of folderFieldsOf(info)) {
      const path = folderToCheck(n.config[f.key] === undefined ? f.default : n.config[f.key]);
      if (path !== undefined) out.push({ node: n.id, title: f.title, kind: f.kind, path });
    }
  }
  return out;
}

/** The nodes' problems with the folder problems added after each node's own. */
export function withFolderProblems(problems: Readonly<Record<string, string[]>>, folders: Readonly<Record<string, string[]>>): Record<string, string[]> {
  if (!Object.keys(folders).length) return problems as Record<string, string[]>;
  const out: Record<string, string[]> = { ...problems };
  for (const [node, list] of Object.entries(folders)) out[node] = [...(out[node] ?? []), ...list];
  return out;
}
