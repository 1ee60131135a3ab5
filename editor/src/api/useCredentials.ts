import { useCallback, useEffect, useState } from 'react';
import type { Api } from './api-client.ts';
import { onCredentialsChanged } from './credentials-changed.ts';

/**
 * Credential names nodes may use, for pickers; null when the runtime cannot list them (it is down,
 * or older than the route: then names are typed). Listed anew when Settings changes a credential.
 */
export function useCredentials(api: Api): { names: string[] | null; reload(): void } {
  const [names, setNames] = useState<string[] | null>(null);
  const reload = useCallback(() => {
    api.credentials().then(setNames, () => setNames(null));
  }, [api]);
  useEffect(reload, [reload]);
  useEffect(() => onCredentialsChanged(reload), [reload]);
  return { names, reload };
}
