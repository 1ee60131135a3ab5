import type { ButtonHTMLAttributes } from 'react';
import { Icon } from '../palette/Icon.tsx';

/**
 * A toolbar button: an icon, a short label, and the shortcut in its tooltip. Its accessible name
 * starts with the visible label (WCAG "label in name": a voice user says what they see).
 */
export function ToolButton({
  icon,
  label,
  hint,
  className,
  ...rest
}: { icon: string; label?: string; hint: string } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`tool-button ${className ?? ''}`} title={hint} aria-label={accessibleName(label, hint)} {...rest}>
      <Icon name={icon} size={15} />
      {label && <span>{label}</span>}
    </button>
  );
}

function accessibleName(label: string | undefined, hint: string): string {
  return !label || hint.toLowerCase().startsWith(label.toLowerCase()) ? hint : `${label}: ${hint}`;
}
