import type { ReactNode } from 'react';
import { Icon } from '../palette/Icon.tsx';
import type { PanelName } from './panel-layout.ts';
import { Splitter } from './Splitter.tsx';
import type { PanelLayoutControls } from './usePanelLayout.ts';

interface Props {
  name: Extract<PanelName, 'side' | 'panel'>;
  /** What the column holds, for buttons and screen readers: "graphs and palette". */
  label: string;
  className: string;
  controls: PanelLayoutControls;
  children: ReactNode;
}

/**
 * A side column of the editor with its splitter on the canvas side: resizable by drag or keys, and
 * collapsible (its button on the splitter, the splitter's Enter, or a double click on the splitter).
 */
export function PanelColumn({ name, label, className, controls, children }: Props) {
  const collapsed = controls.layout.collapsed[name];
  const id = `column-${name}`;
  const toggle = () => controls.toggle(name);
  const pointing = name === 'side' ? (collapsed ? 'chevron-right' : 'chevron-left') : collapsed ? 'chevron-left' : 'chevron-right';
  const button = (
    <button
      type="button"
      className={`collapse-button collapse-${name}`}
      aria-expanded={!collapsed}
      aria-controls={id}
      title={collapsed ? `Show the ${label}` : `Hide the ${label}`}
      aria-label={collapsed ? `Show the ${label}` : `Hide the ${label}`}
      data-testid={`toggle-${name}`}
      onClick={toggle}
    >
      <Icon name={pointing} size={14} />
    </button>
  );
  const splitter = (
    <Splitter
      name={name}
      label={`the ${label}`}
      controls={id}
      size={controls.layout[name]}
      collapsed={collapsed}
      grows={name === 'side' ? 'right' : 'left'}
      onResize={(d) => controls.resizeBy(name, d)}
      onSize={(s) => controls.setSize(name, s)}
      onToggle={toggle}
    />
  );
  const edge = (
    <div className={`panel-edge edge-${name}`}>
      {splitter}
      {button}
    </div>
  );
  const column = (
    <aside id={id} className={className} aria-label={label[0]!.toUpperCase() + label.slice(1)} hidden={collapsed} data-testid={`column-${name}`}>
      {!collapsed && children}
    </aside>
  );
  return name === 'side' ? (
    <>
      {column}
      {edge}
    </>
  ) : (
    <>
      {edge}
      {column}
    </>
  );
}
