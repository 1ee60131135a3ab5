import { memo, useContext } from 'react';
import { type NodeProps, useStore } from '@xyflow/react';
import { categoryStyle } from '../palette/categories.ts';
import { Icon, hasIcon } from '../palette/Icon.tsx';
import { NodeProblemsContext, NodeTypesContext, RunErrorsContext, RunStatsContext } from './canvas-contexts.ts';
import type { SluiceFlowNode } from './flow-model.ts';
import { NodeStatsFooter } from './NodeStatsFooter.tsx';
import { PortRow } from './PortRow.tsx';
import { placeholderPorts } from './placeholder-ports.ts';

/** A node on the canvas: category colour and icon, ports from the type's specs, live run figures. */
function SluiceNodeView({ id, data, selected }: NodeProps<SluiceFlowNode>) {
  const types = useContext(NodeTypesContext);
  const info = types.get(data.type);
  // A placeholder draws the ports its wires name, so that they stay on screen; the selector gives a
  // string, so a node re-renders only when those ports change (and known types skip it at once).
  const wiredPorts = useStore((s) => {
    if (info) return '';
    const kindAt = (node: string, port: string, side: 'in' | 'out') => {
      const t = types.get(s.nodeLookup.get(node)?.data.type as string);
      return (side === 'in' ? t?.inputs : t?.outputs)?.[port]?.kind;
    };
    return JSON.stringify(placeholderPorts(id, s.edges, kindAt));
  });
  const ports = info ?? (JSON.parse(wiredPorts) as ReturnType<typeof placeholderPorts>);
  const stats = useContext(RunStatsContext)[id];
  const problems = useContext(NodeProblemsContext)[id];
  const runErrors = useContext(RunErrorsContext)[id];
  const style = categoryStyle(info?.category ?? '');
  const inputs = Object.entries(ports.inputs);
  const outputs = Object.entries(ports.outputs);
  return (
    <div
      className={`sn ${selected ? 'selected' : ''} ${problems?.length ? 'has-problems' : ''} ${stats ? `run-${stats.state}` : ''} ${data.disabled ? 'disabled' : ''}`}
      style={{ '--accent': style.color } as React.CSSProperties}
      data-testid={`node-${id}`}
    >
      <header className="sn-head">
        <span className="sn-icon">
          <Icon name={hasIcon(info?.icon) ? info!.icon! : style.icon} size={14} />
        </span>
        <span className="sn-title">{data.name || info?.title || data.type}</span>
        {data.disabled && (
          <span className="sn-off" title="Disabled: left out of runs, with its wires">
            off
          </span>
        )}
        <span className="sn-id">{id}</span>
      </header>
      {!info && (
        <div className="sn-missing" data-testid={`placeholder-${id}`}>
          Placeholder: the plugin type “{data.type}” is not installed. Its settings and wires are kept; install the plugin to run the graph.
        </div>
      )}
      {(inputs.length > 0 || outputs.length > 0) && (
        <div className="sn-ports">
          <div className="sn-col">
            {inputs.map(([name, spec]) => (
              <PortRow key={name} name={name} spec={spec} side="in" />
            ))}
          </div>
          <div className="sn-col">
            {outputs.map(([name, spec]) => (
              <PortRow key={name} name={name} spec={spec} side="out" />
            ))}
          </div>
        </div>
      )}
      {stats && <NodeStatsFooter stats={stats} />}
      {runErrors && runErrors.length > 0 && (
        <div className="sn-run-errors" role="alert" title={runErrors.join('\n')} data-testid={`run-errors-${id}`}>
          <Icon name="alert" size={12} /> <span>{runErrors[runErrors.length - 1]}</span>
          {runErrors.length > 1 && <small> ({runErrors.length} errors)</small>}
        </div>
      )}
      {problems && problems.length > 0 && (
        <div className="sn-problems" role="alert">
          <Icon name="alert" size={12} /> {problems[0]}
          {problems.length > 1 && <small> (+{problems.length - 1} more)</small>}
        </div>
      )}
    </div>
  );
}

export const SluiceNode = memo(SluiceNodeView);
