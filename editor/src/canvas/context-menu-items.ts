/** What was right-clicked (or had the focus when the menu key was pressed). */
export type MenuTarget =
  | { kind: 'node'; id: string }
  | { kind: 'edge'; id: string }
  | { kind: 'note'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'pane' };

export type MenuAction =
  | 'delete'
  | 'duplicate'
  | 'toggleDisabled'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'addNote'
  | 'groupSelection'
  | 'help'
  | 'search'
  | 'selectAll'
  | 'layout';

export interface MenuItem {
  action: MenuAction;
  label: string;
  keys?: string;
}

export interface MenuContext {
  /** How many pipeline nodes the action would touch (the selection, which holds the target). */
  nodes: number;
  /** Whether every one of them is disabled (the item then enables them). */
  allDisabled: boolean;
  readOnly: boolean;
}

/** The context menu's items for a target: the common actions, in a fixed order. */
export function contextMenuItems(target: MenuTarget, c: MenuContext): MenuItem[] {
  const edit = (items: MenuItem[]) =>
    c.readOnly ? items.filter((i) => i.action === 'copy' || i.action === 'help' || i.action === 'search' || i.action === 'selectAll') : items;
  const many = c.nodes > 1 ? ` ${c.nodes} nodes` : '';
  switch (target.kind) {
    case 'node':
      return edit([
        { action: 'copy', label: `Copy${many}`, keys: 'Ctrl+C' },
        { action: 'cut', label: `Cut${many}`, keys: 'Ctrl+X' },
        { action: 'duplicate', label: `Duplicate${many}`, keys: 'Ctrl+D' },
        { action: 'toggleDisabled', label: `${c.allDisabled ? 'Enable' : 'Disable'}${many}`, keys: 'Ctrl+E' },
        { action: 'groupSelection', label: 'Group' + (many || ' node') },
        { action: 'help', label: 'Help for this node type' },
        { action: 'delete', label: `Delete${many}`, keys: 'Delete' },
      ]);
    case 'edge':
      return edit([{ action: 'delete', label: 'Delete wire', keys: 'Delete' }]);
    case 'note':
      return edit([{ action: 'delete', label: 'Delete note', keys: 'Delete' }]);
    case 'group':
      return edit([{ action: 'delete', label: 'Delete group (keeps its nodes)', keys: 'Delete' }]);
    case 'pane':
      return edit([
        { action: 'paste', label: 'Paste', keys: 'Ctrl+V' },
        { action: 'addNote', label: 'Add a sticky note here' },
        { action: 'search', label: 'Find a node…', keys: 'Ctrl+F' },
        { action: 'selectAll', label: 'Select all', keys: 'Ctrl+A' },
        { action: 'layout', label: 'Auto layout', keys: 'L' },
      ]);
  }
}
