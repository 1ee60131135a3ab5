import { describe, expect, it } from 'vitest';
import { contextMenuItems } from './context-menu-items.ts';

const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('contextMenuItems', () => {
  it('offers the common actions on a node, counting a multiple selection', () => {
    expect(labels(contextMenuItems({ kind: 'node', id: 'a' }, { nodes: 1, allDisabled: false, readOnly: false }))).toEqual([
      'Copy',
      'Cut',
      'Duplicate',
      'Disable',
      'Group node',
      'Help for this node type',
      'Delete',
    ]);
    const many = contextMenuItems({ kind: 'node', id: 'a' }, { nodes: 3, allDisabled: true, readOnly: false });
    expect(labels(many)).toContain('Enable 3 nodes');
    expect(labels(many)).toContain('Delete 3 nodes');
  });

  it('offers paste and a note on the pane, delete on a wire, and nothing that edits to a viewer', () => {
    expect(contextMenuItems({ kind: 'pane' }, { nodes: 0, allDisabled: false, readOnly: false }).map((i) => i.action)).toEqual([
      'paste',
      'addNote',
      'search',
      'selectAll',
      'layout',
    ]);
    expect(labels(contextMenuItems({ kind: 'edge', id: 'e' }, { nodes: 0, allDisabled: false, readOnly: false }))).toEqual(['Delete wire']);
    expect(contextMenuItems({ kind: 'node', id: 'a' }, { nodes: 1, allDisabled: false, readOnly: true }).map((i) => i.action)).toEqual(['copy', 'help']);
    expect(contextMenuItems({ kind: 'edge', id: 'e' }, { nodes: 0, allDisabled: false, readOnly: true })).toEqual([]);
  });
});
