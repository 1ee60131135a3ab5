import { useState, type FormEvent } from 'react';

interface Props {
  /** Placeholder and accessible name, e.g. "New password for ann". */
  label: string;
  submit: string;
  problemOf(value: string): string | null;
  /** Sends the value; true when it was taken (the form then closes). */
  onSave(value: string): Promise<boolean>;
  onCancel(): void;
  testId?: string;
}

/** One secret typed inline in a settings table (a user's password, a credential's new value): sent, never shown. */
export function InlineSecretForm({ label, submit, problemOf, onSave, onCancel, testId }: Props) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const p = problemOf(value);
    setProblem(p);
    if (!p && (await onSave(value))) onCancel();
  };
  return (
    <form className="settings-form inline" onSubmit={(e) => void send(e)} aria-label={label}>
      <input
        type="password"
        autoFocus
        autoComplete="new-password"
        placeholder={label}
        aria-label={label}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        data-testid={testId ? `${testId}-value` : undefined}
      />
      <button type="submit" className="tool-button primary" data-testid={testId ? `${testId}-save` : undefined}>
        {submit}
      </button>
      <button type="button" className="tool-button" onClick={onCancel}>
        Cancel
      </button>
      {problem && <p className="error-text form-problem">{problem}</p>}
    </form>
  );
}
