import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { categoryStyle } from './categories.ts';
import { NODE_TYPE_MIME } from './drag-type.ts';
import { Icon, hasIcon } from './Icon.tsx';

export function PaletteItem({ info, onAdd }: { info: NodeTypeInfo; onAdd(type: string): void }) {
  const style = categoryStyle(info.category);
  return (
    <div
      className="palette-item"
      draggable
      data-type={info.type}
      title={`${info.description}\n\nDrag onto the canvas, or double-click (or Enter) to add.`}
      onDragStart={(e) => {
        e.dataTransfer.setData(NODE_TYPE_MIME, info.type);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDoubleClick={() => onAdd(info.type)}
      tabIndex={0}
      role="button"
      aria-describedby={`palette-desc-${info.type}`}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onAdd(info.type);
        }
      }}
      style={{ '--accent': style.color } as React.CSSProperties}
    >
      <span className="palette-item-icon">
        <Icon name={hasIcon(info.icon) ? info.icon : style.icon} size={15} />
      </span>
      <span className="palette-item-text">
        {/* Named "Add <title>" from its visible text; the description is read as its description. */}
        <span className="palette-item-title">
          <span className="sr-only">Add </span>
          {info.title}
        </span>
        <span className="palette-item-desc" id={`palette-desc-${info.type}`} aria-hidden="true">
          {info.description}
        </span>
      </span>
    </div>
  );
}
