import type { FieldErrors } from './validate-config.ts';

/**
 * The field problems worth showing now: "Required" only under a field the user has touched (or a
 * field inside a touched group or list), or under every field once a save or a run was tried. A
 * new node or a newly ticked trigger is not greeted with a column of complaints.
 */
export function shownErrors(errors: FieldErrors, touched: ReadonlySet<string> | undefined, tried: boolean): FieldErrors {
  if (tried) return errors;
  let out: FieldErrors | null = null;
  for (const [path, message] of Object.entries(errors)) {
    if (message !== 'Required' || isTouched(path, touched)) continue;
    out ??= { ...errors };
    delete out[path];
  }
  return out ?? errors;
}

function isTouched(path: string, touched: ReadonlySet<string> | undefined): boolean {
  if (!touched) return false;
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('.'))) {
    if (touched.has(p)) return true;
    if (!p.includes('.')) return false;
  }
}
