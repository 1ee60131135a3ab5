import { useEffect, useState } from 'react';
import type { FolderRoots } from '@sluice/sdk/wire';
import type { Api } from '../api/api-client.ts';
import { folderApi } from './folder-api.ts';

// The roots change only when the runtime restarts: asked once per API (a page load).
const asked = new WeakMap<Api, Promise<FolderRoots>>();

/** The runtime's input and output roots; null until known, an Error when they cannot be had. */
export function useFolderRoots(api: Api): FolderRoots | Error | null {
  const [roots, setRoots] = useState<FolderRoots | Error | null>(null);
  useEffect(() => {
    let live = true;
    let roots = asked.get(api);
    if (!roots) asked.set(api, (roots = folderApi(api).roots()));
    roots.then(
      (r) => live && setRoots(r),
      (e: Error) => {
        asked.delete(api);
        if (live) setRoots(e);
      },
    );
    return () => {
      live = false;
    };
  }, [api]);
  return roots;
}
