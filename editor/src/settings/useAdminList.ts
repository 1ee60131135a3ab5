import { useCallback, useEffect, useState } from 'react';

/** One list of the Settings screen: loaded on mount, reloaded on demand; a failure is reported as "<what> could not be listed". */
export function useAdminList<T>(load: () => Promise<T[]>, what: string, report: (message: { kind: 'error'; text: string }) => void) {
  const [rows, setRows] = useState<T[] | null>(null);
  const reload = useCallback(
    () => load().then(setRows, (e: Error) => report({ kind: 'error', text: `${what} could not be listed: ${e.message}` })),
    [load, what, report],
  );
  useEffect(() => void reload(), [reload]);
  return [rows, reload] as const;
}
