import pl from 'nodejs-polars';
import type { DataFrame, DataType, Expr } from 'nodejs-polars';
import { uniqueName } from './shape-options.ts';
import type { ShapeOptions } from './shape-options.ts';

/** Columns added by this node that flattening must carry through untouched. */
const RESERVED = new Set(['__line', '_rescued_data']);

function isStruct(t: DataType): boolean {
  return t.variant === 'Struct';
}
function isList(t: DataType): boolean {
  return (t.variant as string) === 'List' || (t.variant as string) === 'Array';
}
function columnsOf(df: DataFrame): [string, DataType][] {
  return Object.entries(df.schema as Record<string, DataType>);
}
function structFields(t: DataType): string[] {
  return ((t as unknown as { fields: { name: string }[] }).fields ?? []).map((f) => f.name);
}

/** A list as JSON text, natively: polars encodes structs only, so the list is wrapped and unwrapped. */
function listAsJson(name: string): Expr {
  return pl
    .struct([pl.col(name).alias('v')])
    .struct.jsonEncode()
    .str.extract(/^\{"v":(.*)\}$/s, 1)
    .alias(name);
}

/**
 * Flattens a frame read by polars, natively: struct columns become `parent_child` columns up to
 * `maxDepth` levels (`struct.field`), list columns are exploded one after another (a record with two
 * arrays gives their cross product) or written as JSON text, and what is left deeper is JSON text.
 * With `types: 'strings'` every scalar becomes text, so that no later file with another type can
 * conflict with it in Bronze.
 */
export function shapeFrame(df: DataFrame, opts: ShapeOptions): DataFrame {
  const depth = new Map<string, number>(df.columns.map((c) => [c, 0]));
  for (;;) {
    let changed = false;
    const taken = new Set<string>();
    const exprs: Expr[] = [];
    const nextDepth = new Map<string, number>();
    // Keep names of columns that stay, so that a flattened `a_b` cannot take the name of a real `a_b`.
    for (const [name, type] of columnsOf(df)) {
      if (!(isStruct(type) && depth.get(name)! < opts.maxDepth && !RESERVED.has(name))) taken.add(name);
    }
    for (const [name, type] of columnsOf(df)) {
      const d = depth.get(name) ?? 0;
      if (isStruct(type) && d < opts.maxDepth && !RESERVED.has(name)) {
        const fields = structFields(type);
        changed = true;
        for (const f of fields) {
          const out = uniqueName(`${name}${opts.separator}${f}`, taken);
          exprs.push(pl.col(name).struct.field(f).alias(out));
          nextDepth.set(out, d + 1);
        }
      } else {
        exprs.push(pl.col(name));
        nextDepth.set(name, d);
      }
    }
    if (changed) {
      df = df.select(...exprs);
      depth.clear();
      for (const [k, v] of nextDepth) depth.set(k, v);
      continue;
    }
    if (opts.arrays === 'explode') {
      const list = columnsOf(df).find(([, t]) => isList(t));
      if (list) {
        df = df.explode(list[0]);
        continue;
      }
    }
    break;
  }
  return df.select(...columnsOf(df).map(([name, type]) => finalColumn(name, type, opts)));
}

/** JSON text of a nested value; a missing value stays null rather than the text `null`. */
function nullSafe(name: string, encoded: Expr): Expr {
  return pl.when(pl.col(name).isNull()).then(pl.lit(null).cast(pl.Utf8)).otherwise(encoded).alias(name);
}

function finalColumn(name: string, type: DataType, opts: ShapeOptions): Expr {
  if (isStruct(type)) return nullSafe(name, pl.col(name).struct.jsonEncode());
  if (isList(type)) return nullSafe(name, listAsJson(name));
  if (name === '__line') return pl.col(name);
  if (opts.types === 'strings' || type.variant === 'Null') return pl.col(name).cast(pl.Utf8).alias(name);
  return pl.col(name);
}
