import type { ListObjectsV2CommandOutput, _Object } from '@aws-sdk/client-s3';
import { compareKeys } from './key-order.ts';

/** An entry of a listing with Delimiter "/": an object directly under the prefix, or a folder (common prefix). */
export type DelimiterItem = { object: _Object & { Key: string } } | { folder: string };

/**
 * A delimiter page's objects and folders in the order of a flat listing. The answer gives them in two
 * lists, each in key order; every key under a folder sorts together, at the folder's place, since no
 * object of the page starts with a folder (it would have been folded into it), so a flat listing of
 * the prefix is these items with each folder replaced by its keys.
 */
export function delimiterItems(page: ListObjectsV2CommandOutput): DelimiterItem[] {
  const objects = (page.Contents ?? []).filter((c): c is _Object & { Key: string } => c.Key !== undefined);
  const folders = (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix]));
  const items: DelimiterItem[] = [];
  let o = 0;
  let f = 0;
  while (o < objects.length || f < folders.length) {
    if (f === folders.length || (o < objects.length && compareKeys(objects[o]!.Key, folders[f]!) < 0)) items.push({ object: objects[o++]! });
    else items.push({ folder: folders[f++]! });
  }
  return items;
}
