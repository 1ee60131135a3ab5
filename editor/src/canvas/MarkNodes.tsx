import { memo, useContext } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { MarkActionsContext } from './canvas-contexts.ts';
import type { MarkFlowNode } from './canvas-marks.ts';

// Text written by whoever wrote the graph file: shown as React text (escaped), never as HTML.

function NoteView({ id, data, selected }: NodeProps<MarkFlowNode>) {
  const act = useContext(MarkActionsContext);
  const text = data.kind === 'note' ? data.text : '';
  return (
    <div className={`mark-note color-${data.color ?? 'yellow'} ${selected ? 'selected' : ''}`} data-testid={`note-${id.slice(5)}`}>
      {!act?.readOnly && <NodeResizer isVisible={!!selected} minWidth={120} minHeight={60} onResizeStart={act?.resizeStart} />}
      <textarea
        className="mark-note-text nodrag nowheel"
        aria-label="Sticky note"
        placeholder="Write a note…"
        value={text}
        readOnly={act?.readOnly}
        maxLength={5000}
        onChange={(e) => act?.edit(id, { text: e.target.value })}
      />
    </div>
  );
}

function GroupView({ id, data, selected }: NodeProps<MarkFlowNode>) {
  const act = useContext(MarkActionsContext);
  const label = data.kind === 'group' ? data.label : '';
  return (
    <div className={`mark-group color-${data.color ?? 'blue'} ${selected ? 'selected' : ''}`} data-testid={`group-${id.slice(6)}`}>
      {!act?.readOnly && <NodeResizer isVisible={!!selected} minWidth={120} minHeight={80} onResizeStart={act?.resizeStart} />}
      <div className="mark-group-head" onMouseDown={() => act?.grab(id)} title="Drag to move the group and the nodes in it">
        <input
          className="mark-group-label nodrag"
          aria-label="Group name"
          value={label}
          readOnly={act?.readOnly}
          maxLength={200}
          onChange={(e) => act?.edit(id, { label: e.target.value })}
        />
      </div>
    </div>
  );
}

export const NoteNode = memo(NoteView);
export const GroupNode = memo(GroupView);
