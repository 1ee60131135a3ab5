import { describe, expect, it } from 'vitest';
import type { Edge } from '@xyflow/react';
import { OVERLAY_PREFIX } from './editor-state.ts';
import { wireOverlays } from './wire-overlays.ts';

const wire = (id: string, selected = false): Edge => ({
  id,
  source: 'a',
  sourceHandle: 'files',
  target: 'b',
  targetHandle: 'files',
  className: 'kind-files',
  selected,
});
const wires = [wire('w1'), wire('w2', true), wire('w3')];

describe('wire overlays', () => {
  it('in full detail, one copy per wire, above the nodes, that takes no pointer, focus or selection and is hidden from screen readers', () => {
    const copies = wireOverlays(wires, false);
    expect(copies.map((e) => e.id)).toEqual([`${OVERLAY_PREFIX}w1`, `${OVERLAY_PREFIX}w2`, `${OVERLAY_PREFIX}w3`]);
    expect(copies[0]).toMatchObject({
      source: 'a',
      sourceHandle: 'files',
      target: 'b',
      targetHandle: 'files',
      selectable: false,
      focusable: false,
      deletable: false,
      zIndex: 1,
    });
    expect(copies[0]!.domAttributes).toEqual({ 'aria-hidden': true });
    expect(copies.map((e) => e.className)).toEqual(['kind-files wire-overlay', 'kind-files wire-overlay selected', 'kind-files wire-overlay']);
  });

  it('zoomed out (light boxes), copies of the selected wires only', () => {
    expect(wireOverlays(wires, true).map((e) => e.id)).toEqual([`${OVERLAY_PREFIX}w2`]);
    expect(wireOverlays([wire('w1')], true)).toEqual([]);
  });
});
