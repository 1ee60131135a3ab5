import { blankValue } from './form-model.ts';
import { FieldEditor, type FieldEditorProps } from './FieldEditor.tsx';
import { Icon } from '../palette/Icon.tsx';

type Props = Omit<FieldEditorProps, 'bare'>;

/** Arrays: one editor per entry (of the item's kind), with add and remove. */
export function ListInput({ field, path, value, errors, credentials, onChange }: Props) {
  const items = Array.isArray(value) ? value : [];
  const item = field.item!;
  return (
    <div className="list-input">
      {items.map((v, i) => (
        <div className="list-entry" key={i}>
          <FieldEditor
            field={{ ...item, title: `${field.title} ${i + 1}`, required: true }}
            path={`${path}.${i}`}
            value={v}
            errors={errors}
            credentials={credentials}
            onChange={(next) => onChange(items.map((x, j) => (j === i ? next : x)))}
            bare
          />
          <button
            type="button"
            className="icon-button"
            title="Remove"
            aria-label={`Remove ${field.title} ${i + 1}`}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => onChange([...items, blankValue(item)])}>
        <Icon name="plus" size={13} /> Add
      </button>
    </div>
  );
}
