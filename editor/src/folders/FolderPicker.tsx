import { useEffect, useState } from 'react';
import type { FolderKind, FolderListing } from '@sluice/sdk/wire';
import { useApi } from '../api/ApiContext.ts';
import { folderApi } from './folder-api.ts';
import { parentInside } from './folder-check.ts';

interface Props {
  kind: FolderKind;
  roots: readonly string[];
  /** Where to open: a folder inside the roots, or null for the list of roots. */
  start: string | null;
  graphId: string | null;
  onPick(path: string): void;
  onClose(): void;
}

/** Browses the folders inside the roots (the runtime lists nothing else) and picks one. */
export function FolderPicker({ kind, roots, start, graphId, onPick, onClose }: Props) {
  const api = useApi();
  const [at, setAt] = useState<string | null>(start);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setListing(null);
    setProblem(null);
    if (at === null) return;
    let live = true;
    folderApi(api)
      .list(kind, at, graphId)
      .then(
        (l) => live && setListing(l),
        (e: Error) => live && setProblem(e.message),
      );
    return () => {
      live = false;
    };
  }, [api, kind, at, graphId]);

  const entries = at === null ? roots.map((r) => ({ name: r, path: r })) : (listing?.folders ?? []);
  return (
    <div className="folder-picker" role="group" aria-label="Choose a folder" data-testid="folder-picker">
      <div className="folder-picker-head">
        <button
          type="button"
          className="link-button"
          disabled={at === null}
          onClick={() => setAt(at === null || !listing ? null : parentInside(listing.path, listing.root))}
          data-testid="folder-up"
        >
          ↑ Up
        </button>
        <code className="folder-picker-at" data-testid="folder-at">
          {at === null ? 'Allowed folders' : (listing?.path ?? at)}
        </code>
      </div>
      {problem && <p className="field-error">{problem}</p>}
      <ul className="folder-picker-list">
        {entries.map((f) => (
          <li key={f.path}>
            <button type="button" className="link-button" onClick={() => setAt(f.path)} data-folder={f.name}>
              {f.name}/
            </button>
          </li>
        ))}
      </ul>
      {at !== null && listing && !listing.exists && <p className="field-help">This folder does not exist yet.</p>}
      {at !== null && listing?.exists && entries.length === 0 && <p className="field-help">No sub-folders.</p>}
      {listing?.truncated && <p className="field-help">More sub-folders than shown: type the rest of the path.</p>}
      <div className="inline-row">
        <button type="button" className="tool-button primary" disabled={!listing} onClick={() => listing && onPick(listing.path)} data-testid="folder-use">
          Use this folder
        </button>
        <button type="button" className="tool-button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
