import { effectiveValue, isVisible, type FieldModel } from './form-model.ts';
import { FieldEditor } from './FieldEditor.tsx';
import type { FieldErrors } from './validate-config.ts';

interface Props {
  fields: FieldModel[];
  values: Record<string, unknown>;
  /** Dotted path of this object inside the config ("" at the top). */
  path: string;
  errors: FieldErrors;
  credentials: string[] | null;
  onChange(values: Record<string, unknown>, editKey: string): void;
}

/** The fields of one object, hiding those whose `showWhen` is not met. */
export function ConfigFields({ fields, values, path, errors, credentials, onChange }: Props) {
  return (
    <>
      {fields
        .filter((f) => isVisible(f, fields, values))
        .map((f) => {
          const p = path ? `${path}.${f.key}` : f.key;
          return (
            <FieldEditor
              key={f.key}
              field={f}
              path={p}
              value={f.kind === 'group' ? effectiveValue(f, values) : values[f.key]}
              errors={errors}
              credentials={credentials}
              onChange={(v) => {
                const next = { ...values };
                if (v === undefined) delete next[f.key];
                else next[f.key] = v;
                onChange(next, p);
              }}
            />
          );
        })}
    </>
  );
}
