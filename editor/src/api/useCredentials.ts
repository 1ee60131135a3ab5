import { useEffect, useState } from 'react';
import type { Api } from './api-client.ts';

/** Credential names for pickers; null when the runtime cannot list them (then names are typed). */
export function useCredentials(api: Api): string[] | null {
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    api.credentials().then(setNames, () => setNames(null));
  }, [api]);
  return names;
}
