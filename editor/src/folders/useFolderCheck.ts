import { useEffect, useState } from 'react';
import type { FolderKind } from '@sluice/sdk/wire';
import type { Api } from '../api/api-client.ts';
import { folderApi } from './folder-api.ts';
import { type FolderCheck, folderCheckOf, folderToCheck } from './folder-check.ts';

/** How long typing pauses before the folder is checked. */
const PAUSE_MS = 300;

/** The folder `value` checked against the runtime's roots while it is typed (before any run). */
export function useFolderCheck(api: Api, kind: FolderKind, value: unknown, graphId: string | null): FolderCheck {
  const path = folderToCheck(value);
  const [check, setCheck] = useState<FolderCheck>({ state: 'none' });
  useEffect(() => {
    if (path === undefined) return setCheck({ state: 'none' });
    let live = true;
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      folderApi(api)
        .list(kind, path, graphId)
        .then(folderCheckOf, folderCheckOf)
        .then((c) => live && setCheck(c));
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, kind, path, graphId]);
  return check;
}
