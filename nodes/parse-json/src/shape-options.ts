/** How nested JSON becomes flat Bronze columns; shared by the polars path and the JavaScript fallback. */
export interface ShapeOptions {
  /** Object levels flattened into `parent_child` columns; deeper objects stay JSON text. */
  maxDepth: number;
  separator: string;
  /** `explode`: one row per array element; `json`: the array as JSON text in one cell. */
  arrays: 'json' | 'explode';
  /** `strings`: every value as text (lossless); `infer`: types as read, text where they conflict. */
  types: 'strings' | 'infer';
}

/** A column name not taken yet: `name`, else `name_2`, `name_3`... */
export function uniqueName(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}_${i}`;
  taken.add(n);
  return n;
}
