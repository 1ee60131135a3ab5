import type { ReactNode } from 'react';
import type { FieldModel } from './form-model.ts';
import { HelpText } from './HelpText.tsx';

/** Label, help text and the field's problem around one input. */
export function FieldRow({ field, path, error, children, inline }: { field: FieldModel; path: string; error?: string; children: ReactNode; inline?: boolean }) {
  const id = `field-${path}`;
  return (
    <div className={`field ${inline ? 'field-inline' : ''} ${error ? 'field-invalid' : ''}`} data-field={path}>
      <label htmlFor={id} className="field-label">
        {field.title}
        {field.required && (
          <span className="required" title="required">
            *
          </span>
        )}
      </label>
      {children}
      {field.description && <HelpText text={field.description} />}
      {error && (
        <p className="field-error" role="alert" data-testid={`error-${path}`}>
          {error}
        </p>
      )}
    </div>
  );
}
