import { useCallback, useEffect, useState } from 'react';

/** Which fields the user has edited, by form (a node id, "triggers"); forgotten when `resetKey` (the open graph) changes. */
export function useTouchedFields(resetKey: unknown) {
  const [touched, setTouched] = useState<ReadonlyMap<string, ReadonlySet<string>>>(() => new Map());
  useEffect(() => setTouched(new Map()), [resetKey]);
  const touch = useCallback(
    (form: string, path: string) => setTouched((m) => (m.get(form)?.has(path) ? m : new Map(m).set(form, new Set([...(m.get(form) ?? []), path])))),
    [],
  );
  return { touched, touch };
}
