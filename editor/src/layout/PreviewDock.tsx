import type { ReactNode } from 'react';
import { Icon } from '../palette/Icon.tsx';
import { Splitter } from './Splitter.tsx';
import type { PanelLayoutControls } from './usePanelLayout.ts';

/**
 * The preview under a node's settings, so that the table stays in view while the options change:
 * its top edge resizes it (drag or arrow keys), its header collapses it.
 */
export function PreviewDock({ controls, children }: { controls: PanelLayoutControls; children: ReactNode }) {
  const collapsed = controls.layout.collapsed.preview;
  const toggle = () => controls.toggle('preview');
  return (
    <section className="preview-dock" aria-label="Sample preview" data-testid="preview-dock">
      <Splitter
        name="preview"
        label="the preview"
        controls="preview-dock-body"
        size={controls.layout.preview}
        collapsed={collapsed}
        grows="up"
        onResize={(d) => controls.resizeBy('preview', d)}
        onSize={(s) => controls.setSize('preview', s)}
        onToggle={toggle}
      />
      <button
        type="button"
        className="preview-dock-head"
        aria-expanded={!collapsed}
        aria-controls="preview-dock-body"
        data-testid="toggle-preview"
        onClick={toggle}
      >
        <Icon name={collapsed ? 'chevron-up' : 'chevron-down'} size={14} />
        Sample preview
      </button>
      {/* Kept mounted while collapsed: the sample stays chosen and the preview follows config edits. */}
      <div
        id="preview-dock-body"
        className="preview-dock-body"
        hidden={collapsed}
        style={{ '--preview-h': `${controls.layout.preview}px` } as React.CSSProperties}
      >
        {children}
      </div>
    </section>
  );
}
