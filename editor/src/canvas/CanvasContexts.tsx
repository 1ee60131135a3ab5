import type { ReactNode } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { NodeStats } from '../api/api-types.ts';
import { NodeLabelsContext, NodeProblemsContext, NodeTypesContext, RunErrorsContext, RunStatsContext } from './canvas-contexts.ts';

interface Props {
  types: ReadonlyMap<string, NodeTypeInfo>;
  stats: Readonly<Record<string, NodeStats>>;
  runErrors: Readonly<Record<string, string[]>>;
  problems: Readonly<Record<string, string[]>>;
  labels: ReadonlyMap<string, string>;
  children: ReactNode;
}

/** Everything canvas nodes read besides their own data, provided in one place. */
export function CanvasContexts({ types, stats, runErrors, problems, labels, children }: Props) {
  return (
    <NodeTypesContext.Provider value={types}>
      <RunStatsContext.Provider value={stats}>
        <RunErrorsContext.Provider value={runErrors}>
          <NodeProblemsContext.Provider value={problems}>
            <NodeLabelsContext.Provider value={labels}>{children}</NodeLabelsContext.Provider>
          </NodeProblemsContext.Provider>
        </RunErrorsContext.Provider>
      </RunStatsContext.Provider>
    </NodeTypesContext.Provider>
  );
}
