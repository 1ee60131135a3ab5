import { FolderInput } from '../folders/FolderInput.tsx';
import { ConfigFields } from './ConfigFields.tsx';
import { CredentialInput } from './CredentialInput.tsx';
import { FieldRow } from './FieldRow.tsx';
import { HelpText } from './HelpText.tsx';
import type { FieldModel } from './form-model.ts';
import { JsonInput } from './JsonInput.tsx';
import { ListInput } from './ListInput.tsx';
import { NumberInput } from './NumberInput.tsx';
import { SelectInput } from './SelectInput.tsx';
import { TextInput } from './TextInput.tsx';
import type { FieldErrors } from './validate-config.ts';

export interface FieldEditorProps {
  field: FieldModel;
  path: string;
  value: unknown;
  errors: FieldErrors;
  credentials: string[] | null;
  onChange(v: unknown): void;
  /** Inside a list: no label row. */
  bare?: boolean;
}

/** One config field, drawn by its kind. */
export function FieldEditor({ field, path, value, errors, credentials, onChange, bare }: FieldEditorProps) {
  const id = `field-${path}`;
  const error = errors[path];
  if (field.kind === 'group') {
    const values = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const body = (
      <>
        {field.description && !bare && <HelpText text={field.description} />}
        <ConfigFields fields={field.fields ?? []} values={values} path={path} errors={errors} credentials={credentials} onChange={(v) => onChange(v)} />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </>
    );
    if (bare)
      return (
        <fieldset className="field-group" data-field={path}>
          <legend className="sr-only">{field.title}</legend>
          {body}
        </fieldset>
      );
    // Big option groups (a format's options inside parse-auto) start folded, unless one is wrong.
    const hasError = Object.keys(errors).some((k) => k === path || k.startsWith(`${path}.`));
    return (
      <details className="field-group" data-field={path} open={hasError || (field.fields?.length ?? 0) <= 3}>
        <summary>{field.title}</summary>
        {body}
      </details>
    );
  }
  let input: React.ReactNode;
  switch (field.kind) {
    case 'boolean':
      input = (
        <input
          id={id}
          type="checkbox"
          className="toggle"
          checked={value === undefined ? field.default === true : value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
      break;
    case 'number':
    case 'integer':
      input = <NumberInput id={id} field={field} value={value} onChange={onChange} />;
      break;
    case 'select':
      input = <SelectInput id={id} field={field} value={value} onChange={onChange} />;
      break;
    case 'credential':
      input = <CredentialInput id={id} field={field} value={value} names={credentials} onChange={onChange} />;
      break;
    case 'list':
      input = <ListInput field={field} path={path} value={value ?? field.default} errors={errors} credentials={credentials} onChange={onChange} />;
      break;
    case 'json':
      input = <JsonInput id={id} value={value} onChange={onChange} />;
      break;
    default:
      input = field.pathKind ? (
        <FolderInput id={id} field={field} pathKind={field.pathKind} value={value} onChange={onChange} />
      ) : (
        <TextInput id={id} field={field} value={value} onChange={onChange} />
      );
  }
  if (bare) {
    return (
      <div className={`field-bare ${error ? 'field-invalid' : ''}`} data-field={path}>
        {/* No label row inside a list, but a name for screen readers all the same. */}
        <label htmlFor={id} className="sr-only">
          {field.title}
        </label>
        {input}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <FieldRow field={field} path={path} error={error} inline={field.kind === 'boolean'}>
      {input}
    </FieldRow>
  );
}
