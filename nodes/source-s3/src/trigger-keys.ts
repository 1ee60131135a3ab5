/**
 * `params.keys` as given by a trigger (a bucket event names the objects it is about): absent, or a
 * list of object keys. Keys outside the source's prefix are not this source's objects.
 */
export function triggerKeys(params: Readonly<Record<string, unknown>>): string[] | undefined {
  const keys = params.keys;
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new Error('run parameter "keys" must be a list of object keys');
  }
  return keys as string[];
}
