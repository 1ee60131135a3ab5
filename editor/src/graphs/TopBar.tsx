import { useRef } from 'react';
import type { RunStatus } from '../api/api-types.ts';
import type { CanvasCommands } from '../canvas/useCanvasCommands.ts';
import { AccountMenu } from '../auth/AccountMenu.tsx';
import { RunStatusChip } from '../runs/RunStatusChip.tsx';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';
import { ToolButton } from './ToolButton.tsx';

interface Props {
  name: string | null;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  running: boolean;
  /** A viewer's editor: nothing that writes is offered. */
  readOnly: boolean;
  runStatus?: RunStatus;
  commands: CanvasCommands;
  onRename(name: string): void;
  onSave(): void;
  onExport(): void;
  onImport(file: File): void;
  onRun(): void;
  onCancel(): void;
  onShortcuts(): void;
}

export function TopBar(p: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const open = p.name !== null;
  return (
    <header className="topbar">
      <h1 className="brand">
        <svg width="20" height="20" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M2 3h12v3H2zM4 8h8v2H4zM6 12h4v2H6z" style={{ fill: 'var(--primary)' }} />
        </svg>
        <span className="brand-name">Sluice</span>
      </h1>
      {open && (
        <div className="graph-title">
          <input aria-label="Graph name" data-testid="graph-name" value={p.name ?? ''} onChange={(e) => p.onRename(e.target.value)} />
          {p.dirty && (
            <span className="dirty-mark" title="Unsaved changes" data-testid="dirty-mark">
              ● unsaved
            </span>
          )}
        </div>
      )}
      <div className="toolbar">
        {open && (
          <>
            <ToolButton
              icon="save"
              label="Save"
              hint={p.readOnly ? 'Your role (viewer) cannot save' : 'Save (Ctrl+S)'}
              onClick={p.onSave}
              disabled={p.readOnly}
              className={p.dirty ? 'primary-outline' : ''}
            />
            <span className="sep" />
            <ToolButton icon="undo" hint="Undo (Ctrl+Z)" onClick={p.commands.undo} disabled={!p.canUndo} />
            <ToolButton icon="redo" hint="Redo (Ctrl+Shift+Z)" onClick={p.commands.redo} disabled={!p.canRedo} />
            <ToolButton icon="layout" hint="Auto layout (L)" onClick={p.commands.layout} />
            <ToolButton icon="eye" hint="Fit view (F)" onClick={p.commands.fit} />
            <span className="sep" />
            <ToolButton icon="download" label="Export" hint="Download the graph as JSON" onClick={p.onExport} data-testid="export" />
          </>
        )}
        <ToolButton
          icon="upload"
          label="Import"
          hint="Import a graph JSON file as a new graph (or drop it on the canvas)"
          onClick={() => fileInput.current?.click()}
          disabled={p.readOnly}
        />
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) p.onImport(f);
          }}
        />
        <button
          type="button"
          className="help"
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          onClick={p.onShortcuts}
          data-testid="open-shortcuts"
        >
          ?
        </button>
        <ThemeToggle />
        {open && p.runStatus && <RunStatusChip status={p.runStatus} testId="topbar-run-status" />}
        {open &&
          (p.running ? (
            <ToolButton icon="stop" label="Cancel" hint="Cancel the run" onClick={p.onCancel} className="danger-solid" data-testid="cancel-run" />
          ) : (
            <ToolButton
              icon="play"
              label="Run"
              hint={p.readOnly ? 'Your role (viewer) cannot run graphs' : 'Save and run the graph'}
              onClick={p.onRun}
              disabled={p.readOnly}
              className="primary"
              data-testid="run"
            />
          ))}
        <span className="sep" />
        <AccountMenu />
      </div>
    </header>
  );
}
