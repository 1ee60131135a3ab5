import pl from 'nodejs-polars';
import type { DataFrame, DataType, Expr, LazyDataFrame } from 'nodejs-polars';
import { ExprCache } from './expr-cache.ts';
import { uniqueName } from './shape-options.ts';
import type { ShapeOptions } from './shape-options.ts';

/** Columns added by this node that flattening must carry through untouched. */
const RESERVED = new Set(['__line', '_rescued_data']);

interface Column {
  name: string;
  type: DataType;
  /** Object levels above this column (0 for a record's own fields). */
  depth: number;
  /** For a column about to be flattened out of a struct: the struct and the field. */
  from?: [string, string];
}

function isStruct(t: DataType): boolean {
  return t.variant === 'Struct';
}
function isList(t: DataType): boolean {
  return t.variant === 'List';
}
function structFields(t: DataType): { name: string; dtype: DataType }[] {
  return (t as unknown as { fields: { name: string; dtype: DataType }[] }).fields ?? [];
}
function listInner(t: DataType): DataType {
  return (t as unknown as { inner: DataType[] }).inner[0]!;
}

/**
 * Every polars expression object costs about a millisecond of CPU in nodejs-polars 0.25.2 (each is
 * a large object literal built in JavaScript), which for thousands of small files outweighs the
 * parsing itself. So the plan uses whole-frame operations (`unnest`, `explode`) and multi-column
 * expressions (`pl.col([...names])`) wherever it can, instead of one expression per column.
 */

/** JSON text of a struct column; a missing value (`null`) stays null, not the text `null`. */
const STRUCT_JSON = /^(\{.*)$/;
/** JSON text of a list wrapped as the only field of a struct: `{"name":[...]}` -> `[...]`, else null. */
const WRAPPED_LIST_JSON = /^\{"(?:[^"\\]|\\.)*":(\[.*)\}$/;

/** One flattening step: struct columns above maxDepth become their fields; null when none is left. */
function flattenStep(lf: LazyDataFrame, cols: Column[], opts: ShapeOptions): { lf: LazyDataFrame; cols: Column[] } | null {
  const flattens = (c: Column) => isStruct(c.type) && c.depth < opts.maxDepth && !RESERVED.has(c.name);
  const structs = cols.filter(flattens);
  if (!structs.length) return null;
  // Names of columns that stay are taken first, so a flattened `a_b` cannot take a real `a_b`'s name.
  const taken = new Set(cols.filter((c) => !flattens(c)).map((c) => c.name));
  let collision = false;
  const out: Column[] = [];
  for (const c of cols) {
    if (!flattens(c)) {
      out.push(c);
      continue;
    }
    for (const f of structFields(c.type)) {
      const wanted = `${c.name}${opts.separator}${f.name}`;
      const name = uniqueName(wanted, taken);
      if (name !== wanted) collision = true;
      out.push({ name, type: f.dtype, depth: c.depth + 1, from: [c.name, f.name] });
    }
  }
  if (!collision)
    return {
      lf: lf.unnest(
        structs.map((c) => c.name),
        opts.separator,
      ),
      cols: out.map(({ from: _, ...c }) => c),
    };
  // Rare: a flattened name is taken; build the columns one by one under their unique names.
  const exprs = out.map((c) => (c.from ? pl.col(c.from[0]).struct.field(c.from[1]).alias(c.name) : pl.col(c.name)));
  return { lf: lf.select(...exprs), cols: out.map(({ from: _, ...c }) => c) };
}

/** Nested values left after flattening become JSON text, scalars text when asked: a few multi-column expressions. */
function finalColumns(lf: LazyDataFrame, cols: Column[], opts: ShapeOptions, cache: ExprCache): LazyDataFrame {
  const names = (pred: (c: Column) => boolean) => cols.filter(pred).map((c) => c.name);
  const structs = names((c) => isStruct(c.type));
  const lists = names((c) => isList(c.type));
  const toText = names((c) => !isStruct(c.type) && !isList(c.type) && c.name !== '__line' && (opts.types === 'strings' || c.type.variant === 'Null'));
  const key = (tag: string, list: string[]) => `${tag}\u0000${list.join('\u0000')}`;
  if (lists.length) lf = lf.withColumns(...cache.get(key('wrap', lists), () => lists.map((n) => pl.struct([pl.col(n)]).alias(n))));
  const exprs: Expr[] = [];
  if (structs.length) exprs.push(...cache.get(key('structs', structs), () => [pl.col(structs).struct.jsonEncode().str.extract(STRUCT_JSON, 1)]));
  if (lists.length) exprs.push(...cache.get(key('lists', lists), () => [pl.col(lists).struct.jsonEncode().str.extract(WRAPPED_LIST_JSON, 1)]));
  if (toText.length) exprs.push(...cache.get(key('text', toText), () => [pl.col(toText).cast(pl.Utf8)]));
  return exprs.length ? lf.withColumns(...exprs) : lf;
}

/**
 * Flattens a frame read by polars, as one lazy plan (the sink runs it once; eager steps would each
 * cost a query): struct columns become `parent_child` columns up to `maxDepth` levels
 * (`unnest`), list columns are exploded one after another (a record with two arrays gives
 * their cross product) or written as JSON text, and what is left deeper is JSON text. With
 * `types: 'strings'` every scalar becomes text, so that no later file with another type can
 * conflict with it in Bronze. The column types are followed from the frame's dtypes, not re-read.
 */
export function shapeFrame(df: DataFrame, opts: ShapeOptions, cache: ExprCache = new ExprCache()): Shaped {
  return shapeLazy(df.lazy(), df.columns, df.dtypes, opts, cache);
}

/** A shaped plan and the names of its columns (known from the plan's steps, so never resolved again). */
export interface Shaped {
  frame: LazyDataFrame;
  columns: string[];
}

/** The same plan over a lazy frame whose columns and types are known (a scan's inferred schema). */
export function shapeLazy(lf: LazyDataFrame, names: string[], dtypes: DataType[], opts: ShapeOptions, cache: ExprCache): Shaped {
  let cols: Column[] = names.map((name, i) => ({ name, type: dtypes[i]!, depth: 0 }));
  for (;;) {
    const step = flattenStep(lf, cols, opts);
    if (step) {
      ({ lf, cols } = step);
      continue;
    }
    const list = opts.arrays === 'explode' ? cols.find((c) => isList(c.type)) : undefined;
    if (!list) break;
    lf = lf.explode(list.name);
    list.type = listInner(list.type);
  }
  return { frame: finalColumns(lf, cols, opts, cache), columns: cols.map((c) => c.name) };
}
