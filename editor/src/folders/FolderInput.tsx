import { useState } from 'react';
import './folders.css';
import { folderKindOf, type PathKind } from '@sluice/sdk/wire';
import { useApi } from '../api/ApiContext.ts';
import type { FieldModel } from '../inspector/form-model.ts';
import { TextInput } from '../inspector/TextInput.tsx';
import { folderCheckText } from './folder-check.ts';
import { FolderPicker } from './FolderPicker.tsx';
import { useFolderScope } from './FolderScope.ts';
import { useFolderCheck } from './useFolderCheck.ts';
import { useFolderRoots } from './useFolderRoots.ts';

const TONE = { ok: 'ok-text', warn: 'warn-text', error: 'field-error' } as const;

/**
 * A config field that is a local folder (schema meta `pathKind`): the folders the runtime lets this
 * node read or write are listed under it, a picker browses inside them, and the typed folder is
 * checked against them while it is typed, so that a folder outside is flagged before any run.
 */
export function FolderInput({
  id,
  field,
  pathKind,
  value,
  onChange,
}: {
  id: string;
  field: FieldModel;
  pathKind: PathKind;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const api = useApi();
  const { graphId } = useFolderScope();
  const kind = folderKindOf(pathKind);
  const roots = useFolderRoots(api);
  // An unset field is checked at its default (a sink's `bronze`), which is where a run would write.
  const check = useFolderCheck(api, kind, value === undefined ? field.default : value, graphId);
  const [browsing, setBrowsing] = useState(false);
  const said = folderCheckText(check, kind);
  const list = roots && !(roots instanceof Error) ? roots[kind] : null;
  const start = check.state === 'inside' ? check.path : null;
  return (
    <>
      <div className="inline-row">
        <TextInput id={id} field={field} value={value} onChange={onChange} />
        <button
          type="button"
          className="tool-button"
          aria-expanded={browsing}
          disabled={!list}
          onClick={() => setBrowsing((b) => !b)}
          data-testid={`browse-${id}`}
        >
          Browse…
        </button>
      </div>
      {said && (
        <p
          className={`field-help ${TONE[said.tone]}`}
          role={said.tone === 'error' ? 'alert' : undefined}
          data-testid={`folder-check-${id}`}
          data-tone={said.tone}
        >
          {said.text}
        </p>
      )}
      {browsing && list && (
        <FolderPicker
          kind={kind}
          roots={list.roots}
          start={start}
          graphId={graphId}
          onPick={(path) => {
            onChange(path);
            setBrowsing(false);
          }}
          onClose={() => setBrowsing(false)}
        />
      )}
      {list && (
        <div className="folder-roots field-help" data-testid={`folder-roots-${id}`}>
          Folders this node may {kind === 'input' ? 'read' : 'write'} (the runtime's <code>{list.setting}</code>, or its defaults when unset):
          <ul>
            {list.roots.map((r) => (
              <li key={r}>
                <code>{r}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {roots instanceof Error && <p className="field-help warn-text">The allowed folders could not be listed: {roots.message}</p>}
    </>
  );
}
