/**
 * What travels on an edge. Stored in plugins' port specs and checked when a graph is planned,
 * so these names are a storage format: never rename one.
 * - `files`: references to files (a FileItem); bytes stay in storage and are opened as streams.
 * - `table`: one file's rows as a native polars frame (a TableItem); rows never become JS objects.
 */
export const PORT_KINDS = ['files', 'table'] as const;
export type PortKind = (typeof PORT_KINDS)[number];

export interface PortSpec {
  kind: PortKind;
  title: string;
  /** An input that must be wired before the graph can run. Defaults to true for inputs. */
  required?: boolean;
  description?: string;
}

export type PortSpecs = Record<string, PortSpec>;

/** Why two ports cannot be wired, or null when they can. Shared by the editor and the planner. */
export function connectionProblem(from: PortSpec, to: PortSpec): string | null {
  if (from.kind !== to.kind) {
    return `a "${from.kind}" output cannot feed a "${to.kind}" input`;
  }
  return null;
}

/**
 * Why an input cannot take one more wire, or null when it can. A `files` input takes one wire:
 * files reaching a node by a second wire skip whatever the first one passes through (a checkpoint
 * most of all, so every file would be processed again on each run). Tables may come from several
 * parsers into one sink. `feeders`: the nodes already wired into the input. Shared by the editor
 * (at connect time) and the planner (at import, save and run).
 */
export function fanInProblem(input: PortSpec, feeders: readonly string[]): string | null {
  if (input.kind !== 'files' || feeders.length === 0) return null;
  return `a "files" input takes one wire, and this one is already fed by ${feeders.join(', ')}: files arriving by a second wire would bypass what the first passes through (such as a checkpoint)`;
}
