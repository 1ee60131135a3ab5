import { useEffect, useState } from 'react';

/** Shapes the form has no widget for (maps, free objects): edited as JSON, applied when it parses. */
export function JsonInput({ id, value, onChange }: { id: string; value: unknown; onChange(v: unknown): void }) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);
  return (
    <>
      <textarea
        id={id}
        className="code"
        rows={4}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) return (setBad(null), onChange(undefined));
          try {
            onChange(JSON.parse(e.target.value));
            setBad(null);
          } catch (err) {
            setBad(`Not valid JSON yet: ${(err as Error).message}`);
          }
        }}
      />
      {bad && <p className="field-error">{bad}</p>}
    </>
  );
}
