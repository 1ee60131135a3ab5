import type { NodeCategory } from '@sluice/sdk/graph';

export interface CategoryStyle {
  label: string;
  /** Accent colour of the category's nodes and palette entries: a CSS variable of the theme (styles.css). */
  color: string;
  /** Icon used when a node type names none (or one the editor does not know). */
  icon: string;
}

const STYLES: Record<NodeCategory, CategoryStyle> = {
  source: { label: 'Sources', color: 'var(--cat-source)', icon: 'folder' },
  checkpoint: { label: 'Checkpoints', color: 'var(--cat-checkpoint)', icon: 'bookmark' },
  decompress: { label: 'Decompress', color: 'var(--cat-decompress)', icon: 'archive' },
  parse: { label: 'Parse', color: 'var(--cat-parse)', icon: 'file-text' },
  transform: { label: 'Transform', color: 'var(--cat-transform)', icon: 'shuffle' },
  sink: { label: 'Sinks', color: 'var(--cat-sink)', icon: 'database' },
  trigger: { label: 'Triggers', color: 'var(--cat-trigger)', icon: 'zap' },
};

const UNKNOWN: CategoryStyle = { label: 'Other', color: 'var(--cat-other)', icon: 'box' };

/** Order of the palette's groups: the order data flows through a pipeline. */
export const CATEGORY_ORDER: string[] = ['trigger', 'source', 'checkpoint', 'decompress', 'parse', 'transform', 'sink'];

export function categoryStyle(category: string): CategoryStyle {
  return (STYLES as Record<string, CategoryStyle>)[category] ?? { ...UNKNOWN, label: category };
}
