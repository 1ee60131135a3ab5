import type { ButtonHTMLAttributes } from 'react';
import { Icon } from '../palette/Icon.tsx';

/** A toolbar button: an icon, a short label, and the shortcut in its tooltip. */
export function ToolButton({
  icon,
  label,
  hint,
  className,
  ...rest
}: { icon: string; label?: string; hint: string } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`tool-button ${className ?? ''}`} title={hint} aria-label={hint} {...rest}>
      <Icon name={icon} size={15} />
      {label && <span>{label}</span>}
    </button>
  );
}
