import { type FolderKind, folderListingSchema, folderRootsSchema, type FolderRoots } from '@sluice/sdk/wire';
import type { Api } from '../api/api-client.ts';
import { parseAnswer } from '../api/parse-answer.ts';

/** The runtime's folder routes: the roots runs may touch, and the sub-folders of a folder inside them. */
export function folderApi(api: Api) {
  return {
    roots: async (): Promise<FolderRoots> => parseAnswer(folderRootsSchema, await api.request('GET', '/api/folders/roots'), 'GET /api/folders/roots'),
    /** `path` absolute, or relative to the graph's folder (input) or the data folder (output). */
    list: async (kind: FolderKind, path: string, graphId: string | null) => {
      const query = `kind=${kind}&path=${encodeURIComponent(path)}${graphId ? `&graph=${encodeURIComponent(graphId)}` : ''}`;
      return parseAnswer(folderListingSchema, await api.request('GET', `/api/folders?${query}`), 'GET /api/folders');
    },
  };
}

export type FolderApi = ReturnType<typeof folderApi>;
