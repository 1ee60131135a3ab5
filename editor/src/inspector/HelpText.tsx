/** Help text from a schema description: `backticked` parts are shown as code, the rest as text. */
export function HelpText({ text, className = 'field-help' }: { text: string; className?: string }) {
  const parts = text.split('`');
  return <p className={className}>{parts.map((p, i) => (i % 2 ? <code key={i}>{p}</code> : p))}</p>;
}
