import { Icon } from '../palette/Icon.tsx';
import { toggleTheme, useTheme } from './theme.ts';

/** Flips light and dark; the choice is remembered in this browser, and two flips follow the system again. */
export function ThemeToggle() {
  const { choice, theme } = useTheme();
  const other = theme === 'dark' ? 'light' : 'dark';
  const hint = `${theme === 'dark' ? 'Dark' : 'Light'} theme (${choice ? 'your choice' : 'as the system'}): switch to ${other}`;
  return (
    <button type="button" className="icon-button" title={hint} aria-label={hint} data-testid="theme-toggle" onClick={toggleTheme}>
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={16} />
    </button>
  );
}
