import type { NodeCategory } from '@sluice/sdk/graph';

export interface CategoryStyle {
  label: string;
  /** Accent colour of the category's nodes and palette entries. */
  color: string;
  /** Icon used when a node type names none (or one the editor does not know). */
  icon: string;
}

const STYLES: Record<NodeCategory, CategoryStyle> = {
  source: { label: 'Sources', color: '#2563eb', icon: 'folder' },
  checkpoint: { label: 'Checkpoints', color: '#7c3aed', icon: 'bookmark' },
  decompress: { label: 'Decompress', color: '#0891b2', icon: 'archive' },
  parse: { label: 'Parse', color: '#059669', icon: 'file-text' },
  transform: { label: 'Transform', color: '#d97706', icon: 'shuffle' },
  sink: { label: 'Sinks', color: '#b45309', icon: 'database' },
  trigger: { label: 'Triggers', color: '#db2777', icon: 'zap' },
};

const UNKNOWN: CategoryStyle = { label: 'Other', color: '#64748b', icon: 'box' };

/** Order of the palette's groups: the order data flows through a pipeline. */
export const CATEGORY_ORDER: string[] = ['trigger', 'source', 'checkpoint', 'decompress', 'parse', 'transform', 'sink'];

export function categoryStyle(category: string): CategoryStyle {
  return (STYLES as Record<string, CategoryStyle>)[category] ?? { ...UNKNOWN, label: category };
}
