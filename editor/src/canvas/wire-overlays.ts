import type { Edge } from '@xyflow/react';
import { OVERLAY_PREFIX } from './editor-state.ts';

/**
 * The copies of wires drawn above the nodes, so that a wire passing under a node that sits between
 * its ends is still seen across that node. They take no pointer and are hidden from assistive
 * technology: the wires beneath stay the ones clicked, focused and announced. With nodes drawn as
 * light boxes (zoomed out), only the selected wires get a copy: the copies double the wires the
 * browser draws on every frame, for a detail too small to see at that zoom.
 */
export function wireOverlays(wires: readonly Edge[], light: boolean): Edge[] {
  return (light ? wires.filter((e) => e.selected) : wires).map((e) => ({
    id: `${OVERLAY_PREFIX}${e.id}`,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    className: `${e.className ?? ''} wire-overlay${e.selected ? ' selected' : ''}`,
    selectable: false,
    focusable: false,
    deletable: false,
    zIndex: 1,
    domAttributes: { 'aria-hidden': true },
  }));
}
