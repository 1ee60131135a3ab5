import { useCallback, useEffect, useState } from 'react';
import type { Api } from './api-client.ts';

/** Credential names for pickers; null when the runtime cannot list them (then names are typed). */
export function useCredentials(api: Api): { names: string[] | null; reload(): void } {
  const [names, setNames] = useState<string[] | null>(null);
  const reload = useCallback(() => {
    api.credentials().then(setNames, () => setNames(null));
  }, [api]);
  useEffect(reload, [reload]);
  return { names, reload };
}
