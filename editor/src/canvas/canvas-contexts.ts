import { createContext } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { NodeStats } from '../api/api-types.ts';

// Read by every canvas node. Kept out of node `data` so the stored document never holds UI or run state.

export const NodeTypesContext = createContext<ReadonlyMap<string, NodeTypeInfo>>(new Map());

/** Live figures of the current or last run, by node id. */
export const RunStatsContext = createContext<Readonly<Record<string, NodeStats>>>({});

/** Problems of each node: client-side config checks and the runtime's 4xx paths, by node id. */
export const NodeProblemsContext = createContext<Readonly<Record<string, string[]>>>({});

/** Errors of the shown run, by node id: what failed where, written on the node itself. */
export const RunErrorsContext = createContext<Readonly<Record<string, string[]>>>({});

/** The name each node goes by in tables (runs, logs, checkpoints), by node id: see runs/node-labels.ts. */
export const NodeLabelsContext = createContext<ReadonlyMap<string, string>>(new Map());

/** What a sticky note or group on the canvas can ask of the editor. */
export interface MarkActions {
  edit(id: string, patch: { text?: string; label?: string }): void;
  /** A group grabbed by its header: the nodes inside it are selected, to move with it. */
  grab(id: string): void;
  /** A resize begins: the state before it is one undo step. */
  resizeStart(): void;
  readOnly: boolean;
}
export const MarkActionsContext = createContext<MarkActions | null>(null);

/** Nodes drawn as light boxes: the canvas is zoomed out below level-of-detail.ts's threshold. */
export const LightDetailContext = createContext(false);
