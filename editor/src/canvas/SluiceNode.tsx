import { memo, useContext, useMemo } from 'react';
import { type NodeProps, useStore } from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { categoryStyle } from '../palette/categories.ts';
import { Icon, hasIcon } from '../palette/Icon.tsx';
import { LightDetailContext, NodeProblemsContext, NodeTypesContext, RunErrorsContext, RunStatsContext } from './canvas-contexts.ts';
import type { SluiceFlowNode } from './flow-model.ts';
import { LightNode } from './LightNode.tsx';
import { NodeStatsFooter } from './NodeStatsFooter.tsx';
import { PortRow } from './PortRow.tsx';
import { placeholderPorts } from './placeholder-ports.ts';

type Ports = ReturnType<typeof placeholderPorts>;
type CardProps = Pick<NodeProps<SluiceFlowNode>, 'id' | 'data' | 'selected'> & { info?: NodeTypeInfo; ports: Ports };

/**
 * A node on the canvas. Only a placeholder (its plugin not installed) reads xyflow's store: a node
 * of a known type subscribes to nothing, so a frame of a pan or zoom calls no selector of ours.
 */
function SluiceNodeView({ id, data, selected }: NodeProps<SluiceFlowNode>) {
  const info = useContext(NodeTypesContext).get(data.type);
  return info ? <NodeCard id={id} data={data} selected={selected} info={info} ports={info} /> : <PlaceholderNode id={id} data={data} selected={selected} />;
}

/** A placeholder draws the ports its wires name, so that they stay on screen; the selector gives a string, so it re-renders only when those ports change. */
function PlaceholderNode({ id, data, selected }: Pick<NodeProps<SluiceFlowNode>, 'id' | 'data' | 'selected'>) {
  const types = useContext(NodeTypesContext);
  const wiredPorts = useStore((s) => {
    const kindAt = (node: string, port: string, side: 'in' | 'out') => {
      const t = types.get(s.nodeLookup.get(node)?.data.type as string);
      return (side === 'in' ? t?.inputs : t?.outputs)?.[port]?.kind;
    };
    return JSON.stringify(placeholderPorts(id, s.edges, kindAt));
  });
  const ports = useMemo(() => JSON.parse(wiredPorts) as Ports, [wiredPorts]);
  return <NodeCard id={id} data={data} selected={selected} ports={ports} />;
}

/** Category colour and icon, ports from the type's specs, live run figures; zoomed out, a light box. */
function NodeCard({ id, data, selected, info, ports }: CardProps) {
  const stats = useContext(RunStatsContext)[id];
  const problems = useContext(NodeProblemsContext)[id];
  const runErrors = useContext(RunErrorsContext)[id];
  const style = categoryStyle(info?.category ?? '');
  const light = useContext(LightDetailContext);
  const inputs = Object.entries(ports.inputs);
  const outputs = Object.entries(ports.outputs);
  const marks = `${selected ? 'selected' : ''} ${problems?.length ? 'has-problems' : ''} ${stats ? `run-${stats.state}` : ''} ${data.disabled ? 'disabled' : ''}`;
  const title = data.name || info?.title || data.type;
  if (light) {
    const status = [
      data.disabled && 'disabled',
      !info && 'plugin not installed',
      stats && `run ${stats.state}`,
      runErrors?.length && `${runErrors.length} run ${runErrors.length === 1 ? 'error' : 'errors'}`,
      problems?.length && `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`,
    ].filter(Boolean);
    return (
      <LightNode
        id={id}
        title={title}
        className={marks}
        accent={style.color}
        inputs={inputs}
        outputs={outputs}
        status={status.length ? `(${status.join(', ')})` : ''}
      />
    );
  }
  return (
    <div className={`sn ${marks}`} style={{ '--accent': style.color } as React.CSSProperties} data-testid={`node-${id}`}>
      <header className="sn-head">
        <span className="sn-icon">
          <Icon name={hasIcon(info?.icon) ? info!.icon! : style.icon} size={14} />
        </span>
        <span className="sn-title">{title}</span>
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
