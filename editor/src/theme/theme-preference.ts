/** What the user chose: a theme, or nothing (follow the system's prefers-color-scheme). */
export type ThemeChoice = 'light' | 'dark' | null;
export type Theme = 'light' | 'dark';

/** A stored value read back: anything but a known theme (an old or hand-edited value) means "follow the system". */
export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : null;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice ?? (systemDark ? 'dark' : 'light');
}

/**
 * The toggle always flips what is on screen; a flip that lands on the system's own theme forgets
 * the choice, so two presses return to following the system.
 */
export function nextThemeChoice(choice: ThemeChoice, systemDark: boolean): ThemeChoice {
  const flipped: Theme = resolveTheme(choice, systemDark) === 'dark' ? 'light' : 'dark';
  return flipped === resolveTheme(null, systemDark) ? null : flipped;
}
